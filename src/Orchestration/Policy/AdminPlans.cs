namespace Canic.Fsm.Orchestration.Policy;

/// <summary>The plan of the admin command ImportQueued; its counts are the seed's <c>QueuedImported</c>.</summary>
/// <param name="Changes">The row changes, in the order of the command's pids.</param>
/// <param name="Added">New canisters queued as PendingReset.</param>
/// <param name="Requeued">Failed entries queued again.</param>
/// <param name="Skipped">Registered canisters and entries in any other state (and repeats of a pid already planned).</param>
/// <param name="Total">The number of pids in the command, repeats included.</param>
public sealed record ImportQueuedPlan(IReadOnlyList<PlannedPoolChange> Changes, int Added, int Requeued, int Skipped, int Total)
{
    /// <summary>Always true: as in the seed, an import schedules the reset worker even when it changed nothing, so
    /// that entries already PendingReset get handled.</summary>
    public bool ScheduleResetWorker => true;
}

/// <summary>The plan of the admin command RequeueFailed; its counts are the seed's <c>FailedRequeued</c>.</summary>
/// <param name="Changes">The Failed -> PendingReset changes.</param>
/// <param name="Requeued">Entries requeued.</param>
/// <param name="Skipped">Pids or entries that were not Failed (or not in the pool).</param>
/// <param name="Total">The pids in the command, or every pool entry when the command named none.</param>
public sealed record RequeueFailedPlan(IReadOnlyList<PlannedPoolChange> Changes, int Requeued, int Skipped, int Total)
{
    /// <summary>True when anything was requeued: only then is the reset worker scheduled.</summary>
    public bool ScheduleResetWorker => Requeued > 0;
}
