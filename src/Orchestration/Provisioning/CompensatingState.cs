using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Effects;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Policy;
using Canic.Fsm.Orchestration.Pool;
using Canic.Fsm.Orchestration.Store;
using Canic.Fsm.StateMachine;

namespace Canic.Fsm.Orchestration.Provisioning;

/// <summary>
/// Undoing a failed attempt. Persisted as Compensating only before a delete (the delete's intent); a recycle is a single
/// unit of work from the state the attempt failed in.
/// </summary>
internal sealed class CompensatingState(string reason) : AttemptStateBase
{
    public string Reason { get; } = reason;

    protected override async ValueTask<State?> RunAsync(AttemptMachine machine, CancellationToken cancellationToken) =>
        await machine.Steps.Compensation.RunAsync(machine, Reason, cancellationToken).ConfigureAwait(false);
}

/// <summary>
/// The compensation: the registry row is removed, the canister goes back to the pool (Claimed -> PendingReset) or, when the
/// pool is over maximum_size, is deleted after persisting Compensating; the reservation is released and the attempt ends
/// Failed(reason).
/// </summary>
internal sealed class CompensationStep(PoolOccupancy occupancy, int maximumPoolSize, CanisterCalls calls, AttemptRecorder recorder,
    OrchestratorMetrics metrics, Action requestReset)
{
    public async Task<State> RunAsync(AttemptMachine m, string reason, CancellationToken ct)
    {
        var from = m.Attempt.State;
        // A persisted Compensating is the delete's intent: the delete may have happened, so it is finished, not re-planned.
        if (m.Attempt.Pid is { } pid && (m.Attempt.State == AttemptState.Compensating || PlanCompensation(m) == CompensationAction.Delete))
        {
            if (m.Attempt.State != AttemptState.Compensating)
                await recorder.MoveAsync(m, m.Attempt with { State = AttemptState.Compensating, FailureReason = reason }, "delete: pool over maximum_size").ConfigureAwait(false);
            switch (await TryDeleteAsync(pid, m.Role.Name, ct).ConfigureAwait(false))
            {
                case DeleteOutcome.Deleted:
                    await recorder.MoveWithPoolAsync(m, (tx, changes) =>
                    {
                        changes.Record(tx.Pool.TryDelete(pid, PoolEntryStatus.Claimed), pid, null);
                        tx.Registry.TryRemove(pid, RegistryStatus.Installing);
                        return Finish(tx, m, reason);
                    }).ConfigureAwait(false);
                    recorder.Report(m, from, reason);
                    return new FailedState();
                case DeleteOutcome.Unknown unknown:
                    // The delete may have applied: never recycled (its row would name a canister that may be gone). Resumed by the next check.
                    return new StalledState($"compensation: {unknown.Reason}; the delete is resumed by the next check");
            }
            // Definitively refused while the canister exists: keep tracking it through the pool instead.
        }
        await recorder.MoveWithPoolAsync(m, (tx, changes) =>
        {
            if (m.Attempt.Pid is { } owned)
            {
                tx.Registry.TryRemove(owned, RegistryStatus.Installing);
                changes.Record(tx.Pool.TryChangeStatus(owned, PoolEntryStatus.Claimed, PoolEntryStatus.PendingReset), owned, PoolEntryStatus.PendingReset);
            }
            return Finish(tx, m, reason);
        }).ConfigureAwait(false);
        recorder.Report(m, from, reason);
        if (m.Attempt.Pid is not null) requestReset();
        return new FailedState();
    }

    private static ProvisioningAttempt Finish(StoreTransaction tx, AttemptMachine m, string reason)
    {
        if (m.Attempt.ReservationId is { } reservation) tx.Reservations.Release(reservation);
        tx.ScalingWorkers.TryRetire(m.Attempt.Id);
        return AttemptRecorder.Move(tx, m.Attempt, m.Attempt with { State = AttemptState.Failed, FailureReason = reason }, reason);
    }

    private CompensationAction PlanCompensation(AttemptMachine m)
    {
        if (m.Attempt.AllocationSource != AllocationSource.New) return CompensationAction.Recycle;
        var pooledOthers = occupancy.Occupied() - 1; // this attempt's own canister is one of the pool rows
        return CompensationPolicy.AfterFailedInstall(AllocationSource.New, Math.Max(0, pooledOthers), maximumPoolSize).Action;
    }

    private abstract record DeleteOutcome
    {
        public sealed record Deleted : DeleteOutcome;
        public sealed record Exists(string Reason) : DeleteOutcome;
        public sealed record Unknown(string Reason) : DeleteOutcome;
    }

    /// <summary>
    /// stop_canister + delete_canister, both retried. Only "not found" (code 3, from any of the calls or from canister_status)
    /// or a delete's reply proves the canister gone; only a definitive refusal followed by a canister_status that answers
    /// proves it exists (an earlier send of the delete may have applied: the refusal alone proves nothing). Anything else
    /// leaves the outcome unknown.
    /// </summary>
    private async Task<DeleteOutcome> TryDeleteAsync(Principal pid, string role, CancellationToken ct)
    {
        DeleteOutcome outcome;
        try
        {
            await calls.StopAsync(pid, ct).ConfigureAwait(false);
            await calls.DeleteAsync(pid, ct).ConfigureAwait(false);
            outcome = new DeleteOutcome.Deleted();
        }
        catch (Exception e) when (IcFailure.IsNotFound(e)) { outcome = new DeleteOutcome.Deleted(); }
        catch (IcRejectException e) { outcome = await ObserveDeletedAsync(pid, IcFailure.Describe(e), refused: true, ct).ConfigureAwait(false); }
        catch (IcRetryBudgetSpentException e) { outcome = await ObserveDeletedAsync(pid, IcFailure.Describe(e), refused: false, ct).ConfigureAwait(false); }
        var (metric, reason) = outcome is DeleteOutcome.Deleted
            ? (CanisterMetricOutcome.Completed, CanisterMetricReason.Ok)
            : (CanisterMetricOutcome.Failed, CanisterMetricReason.ManagementCall);
        metrics.RecordCanisterOp(role, CanisterOpsMetricOperation.Delete, metric, reason);
        return outcome;
    }

    /// <summary>
    /// canister_status settles a delete that did not answer: "not found" is gone; an answer means it still exists, then
    /// refused for good when <paramref name="refused"/> (a definitive reject: recycled through the pool), else still to do.
    /// </summary>
    private async Task<DeleteOutcome> ObserveDeletedAsync(Principal pid, string failure, bool refused, CancellationToken ct)
    {
        try
        {
            await calls.StatusAsync(pid, ct).ConfigureAwait(false);
            return refused
                ? new DeleteOutcome.Exists(failure)
                : new DeleteOutcome.Unknown($"stop/delete not done ({failure}); canister_status answers, so it still exists");
        }
        catch (Exception e) when (IcFailure.IsNotFound(e)) { return new DeleteOutcome.Deleted(); }
        catch (Exception e) when (e is IcRejectException or IcRetryBudgetSpentException)
        {
            return new DeleteOutcome.Unknown($"delete outcome unknown ({failure}) and canister_status did not settle it: {IcFailure.Describe(e)}");
        }
    }
}
