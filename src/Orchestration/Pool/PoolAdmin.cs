using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Effects;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Policy;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Store;

namespace Canic.Fsm.Orchestration.Pool;

/// <summary>The pool admin commands, with the seed's semantics and counts; each state change is a compare-and-set.</summary>
internal sealed class PoolAdmin(Persistence persistence, TransitionLog transitions, OrchestratorMetrics metrics, TimeProvider time, CanisterCalls calls,
    RetrySettings retry, PoolCanisters canisters, PoolRefill refill, ResetWorker resetWorker)
{
    public async Task<PoolAdminResponse> RunAsync(PoolAdminCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        switch (command)
        {
            case PoolAdminCommand.CreateEmpty:
                return await CreateEmptyAsync(ct).ConfigureAwait(false);
            case PoolAdminCommand.Recycle recycle:
                await RecycleAsync(ParseCanister(recycle.Pid, "pid")).ConfigureAwait(false);
                return new PoolAdminResponse.Recycled();
            case PoolAdminCommand.ImportImmediate import:
                var pid = ParseCanister(import.Pid, "pid");
                await RequireExistingAsync(pid, ct).ConfigureAwait(false);
                await ImportImmediateAsync(pid).ConfigureAwait(false);
                return new PoolAdminResponse.Imported();
            case PoolAdminCommand.ImportQueued queued:
                return ImportQueued(ParseAll(queued.Pids, canistersOnly: true));
            case PoolAdminCommand.RequeueFailed requeue:
                // Any principal: a row written before canister ids were checked can still be requeued (its reset then removes it).
                return RequeueFailed(requeue.Pids is null ? null : ParseAll(requeue.Pids, canistersOnly: false));
            default:
                throw new OrchestratorInputException("command", $"Unknown pool admin command {command.GetType().Name}.");
        }
    }

    private async Task<PoolAdminResponse> CreateEmptyAsync(CancellationToken ct)
    {
        var (creationId, pid) = await refill.CreateOneAsync(ct).ConfigureAwait(false);
        if (pid is not { } created)
        {
            metrics.RecordPool(PoolMetricOperation.CreateEmpty, PoolMetricOutcome.Failed, PoolMetricReason.ManagementCall);
            var record = persistence.Read(r => r.Creations.Get(creationId))!;
            throw new CreationIncompleteException(record, record.State is CreationState.Intent or CreationState.Created
                ? $"Creation {creationId} did not complete during the request (the IC refused for now, or its answer was lost); its record is {record.State} and the pool check carries it on."
                : $"Creation {creationId} ended {record.State}: {record.Error}");
        }
        await canisters.ResetAsync(created).ConfigureAwait(false);
        metrics.RecordPool(PoolMetricOperation.CreateEmpty, PoolMetricOutcome.Completed, PoolMetricReason.Ok);
        return new PoolAdminResponse.Created(created.ToString());
    }

    private async Task RecycleAsync(Principal pid)
    {
        canisters.Commit((tx, changes) =>
        {
            var registered = tx.Registry.Get(pid);
            if (registered is not { Status: RegistryStatus.Active })
                throw new OrchestratorInputException("pid", $"Canister {pid} is not a registered (active) canister, so it cannot be recycled.");
            StoreTransaction.Require(tx.Registry.TryRemove(pid, RegistryStatus.Active), $"registry {pid} removal");
            tx.ScalingWorkers.TryRetire(registered.AttemptId);  // a recycled worker no longer serves its scaling pool
            var entry = tx.Pool.Get(pid);
            var now = time.GetUtcNow();
            var recycling = new PoolEntry(pid, entry?.CreatedAt ?? now, entry?.Cycles ?? Cycles.Zero, PoolEntryStatus.Recycling, null, null,
                registered.Role, registered.Parent, registered.ModuleHash, now);
            StoreTransaction.Require(changes.Record(tx.Pool.UpsertPreservingMetadata(recycling, entry?.Status), pid, PoolEntryStatus.Recycling),
                $"pool entry {pid} -> Recycling");
        });
        transitions.Report("pool", pid.ToString(), "Workload", "Recycling");
        await canisters.ResetAsync(pid).ConfigureAwait(false);
        metrics.RecordPool(PoolMetricOperation.Recycle, PoolMetricOutcome.Completed, PoolMetricReason.Ok);
    }

    private async Task ImportImmediateAsync(Principal pid)
    {
        canisters.Commit((tx, changes) =>
        {
            var entry = tx.Pool.Get(pid);
            if (entry is { Status: PoolEntryStatus.Claimed })
                throw new OrchestratorInputException("pid", $"Canister {pid} is claimed by provisioning attempt {entry.OperationId}; it cannot be imported now.");
            if (tx.Registry.Get(pid) is { } registered)
            {
                StoreTransaction.Require(tx.Registry.TryRemove(pid, registered.Status), $"registry {pid} removal");
                tx.ScalingWorkers.TryRetire(registered.AttemptId);
            }
            StoreTransaction.Require(changes.Record(tx.Pool.UpsertPreservingMetadata(Pending(pid), entry?.Status), pid, PoolEntryStatus.PendingReset),
                $"pool entry {pid} -> PendingReset");
        });
        transitions.Report("pool", pid.ToString(), "", "PendingReset");
        var result = await canisters.ResetAsync(pid).ConfigureAwait(false);
        metrics.RecordPool(PoolMetricOperation.ImportImmediate,
            result?.Status == PoolEntryStatus.Ready ? PoolMetricOutcome.Completed : PoolMetricOutcome.Failed,
            result?.Status == PoolEntryStatus.Ready ? PoolMetricReason.Ok : PoolMetricReason.ManagementCall);
    }

    /// <summary>ImportQueued: planned by the policy and applied in one unit of work, then the reset worker is scheduled.</summary>
    public PoolAdminResponse.QueuedImported ImportQueued(IReadOnlyList<Principal> pids)
    {
        var plan = canisters.Commit((tx, changes) =>
        {
            var plan = PoolAdminPlanner.PlanImportQueued(pids, pid => tx.Registry.Get(pid) is not null, pid => Presence(tx.Pool.Get(pid)));
            Apply(tx, changes, plan.Changes);
            return plan;
        });
        ReportQueued(plan.Changes);
        metrics.RecordPool(PoolMetricOperation.ImportQueued, PoolMetricOutcome.Completed, PoolMetricReason.Ok);
        if (plan.ScheduleResetWorker) resetWorker.Request();
        return new PoolAdminResponse.QueuedImported(plan.Added, plan.Requeued, plan.Skipped, plan.Total);
    }

    /// <summary>RequeueFailed: Failed entries (of the list, or all) back to PendingReset; schedules the worker if any moved.</summary>
    public PoolAdminResponse.FailedRequeued RequeueFailed(IReadOnlyList<Principal>? pids)
    {
        var plan = canisters.Commit((tx, changes) =>
        {
            var plan = pids is null
                ? PoolAdminPlanner.PlanRequeueAllFailed(tx.Pool.ListByStatus(PoolEntryStatus.Failed).Select(e => e.Pid).ToList(), (int)tx.Pool.CountByStatus().Values.Sum())
                : PoolAdminPlanner.PlanRequeueFailed(pids, pid => Presence(tx.Pool.Get(pid)));
            Apply(tx, changes, plan.Changes);
            return plan;
        });
        // Canic's PoolMetricOperation has no RequeueFailed: Reset is the closest (the entries are queued for their reset
        // again), and the outcome Requeued / Skipped with reason FailedEntry tells these measurements from the resets' own.
        ReportQueued(plan.Changes);
        metrics.RecordPool(PoolMetricOperation.Reset, plan.Requeued > 0 ? PoolMetricOutcome.Requeued : PoolMetricOutcome.Skipped, PoolMetricReason.FailedEntry);
        if (plan.ScheduleResetWorker) resetWorker.Request();
        return new PoolAdminResponse.FailedRequeued(plan.Requeued, plan.Skipped, plan.Total);
    }

    private void Apply(StoreTransaction tx, PoolChangeSet recorded, IReadOnlyList<PlannedPoolChange> changes)
    {
        foreach (var change in changes)
        {
            var pending = Pending(change.Pid);
            var applied = change.Kind == PoolChangeKind.Add
                ? tx.Pool.TryInsert(pending)
                : tx.Pool.UpsertPreservingMetadata(pending, PoolEntryStatus.Failed);
            StoreTransaction.Require(recorded.Record(applied, change.Pid, PoolEntryStatus.PendingReset), $"pool entry {change.Pid} {change.Kind}");
        }
    }

    // Reported before the reset worker is asked, so that the log and the dashboard's feed show the move to PendingReset before the reset's outcome.
    private void ReportQueued(IReadOnlyList<PlannedPoolChange> changes)
    {
        foreach (var change in changes)
            transitions.Report("pool", change.Pid.ToString(), change.Kind == PoolChangeKind.Add ? "" : nameof(PoolEntryStatus.Failed), nameof(PoolEntryStatus.PendingReset));
    }

    /// <summary>A PendingReset row for <paramref name="pid"/>; an existing row keeps its metadata and created_at.</summary>
    private PoolEntry Pending(Principal pid)
    {
        var now = time.GetUtcNow();
        return new PoolEntry(pid, now, Cycles.Zero, PoolEntryStatus.PendingReset, null, null, null, null, null, now);
    }

    private static PoolEntryPresence Presence(PoolEntry? entry) => entry switch
    {
        null => PoolEntryPresence.Absent,
        { Status: PoolEntryStatus.Failed } => PoolEntryPresence.Failed,
        _ => PoolEntryPresence.NotFailed,
    };

    /// <summary>
    /// ImportImmediate asks the IC first, as Canic's does: a canister that does not exist is refused (a row for it could
    /// never be Ready, and would count against maximum_size), and so is one whose canister_status the orchestrator may not
    /// read (it is not a controller). When the IC does not answer, nothing is written and the command can be sent again.
    /// </summary>
    private async Task RequireExistingAsync(Principal pid, CancellationToken ct)
    {
        try
        {
            await calls.StatusAsync(pid, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (IcFailure.IsNotFound(e))
        {
            throw new OrchestratorInputException("pid", $"Canister {pid} does not exist (canister_status answered not found): nothing was imported.");
        }
        catch (IcRejectException e)
        {
            throw new OrchestratorInputException("pid", $"Canister {pid} cannot be imported: canister_status was refused ({e.Message}); the orchestrator must be one of its controllers.");
        }
        catch (IcRetryBudgetSpentException e)
        {
            throw new OrchestratorRetryLaterException($"Canister {pid} was not imported: the IC did not answer canister_status ({e.Message}).",
                retry.MaxDelay, e);
        }
    }

    private static Principal Parse(string text, string field) => PrincipalInput.Parse(text, field, $"in {field}");

    /// <summary>Parses a principal that must be a canister id (see <see cref="CanisterIdRule"/>).</summary>
    internal static Principal ParseCanister(string text, string field)
    {
        var pid = Parse(text, field);
        return CanisterIdRule.WhyNot(pid) is { } why ? throw new OrchestratorInputException(field, $"{why} (in {field}).") : pid;
    }

    private static IReadOnlyList<Principal> ParseAll(IReadOnlyList<string> texts, bool canistersOnly)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts.Select((t, i) => canistersOnly ? ParseCanister(t, $"pids[{i}]") : Parse(t, $"pids[{i}]")).ToList();
    }
}
