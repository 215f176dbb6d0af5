using Canic.Fsm.Orchestration.Creation;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Effects;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Policy;
using Canic.Fsm.Orchestration.Pool;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Store;
using Canic.Fsm.StateMachine;
using DomainSource = Canic.Fsm.Orchestration.Domain.AllocationSource;

namespace Canic.Fsm.Orchestration.Provisioning;

/// <summary>
/// The effects of a provisioning attempt, one method per state. Each commits its outcome (a
/// compare-and-set on the attempt plus the rows that belong with it, in one unit of work) before it
/// returns the next state. No IC call happens inside a unit of work.
/// </summary>
internal sealed class AttemptWorkflow(OrchestratorConfig config, Persistence persistence, TransitionLog transitions, OrchestratorMetrics metrics, TimeProvider time,
    CanisterCalls calls, CanisterCreator creator, PoolCanisters pool, PoolOccupancy occupancy, Action requestReset)
{
    /// <summary>C2: claim the oldest Ready pool canister with enough cycles (replayable), or write a creation intent.</summary>
    public async Task<State> AllocateAsync(AttemptMachine m)
    {
        var id = m.Attempt.Id;
        var intent = creator.NewIntent(CreationPurpose.Attempt, id, m.Role.InitialCycles);
        var (attempt, claimed) = await pool.CommitAsync((tx, changes) =>
        {
            var entry = tx.Pool.Claim(id, m.Role.InitialCycles);
            if (entry is not null)
            {
                changes.Record(entry);
                return (Move(tx, m.Attempt, m.Attempt with { State = AttemptState.Allocated, Pid = entry.Pid, AllocationSource = DomainSource.Pool }, "pool_reuse"), true);
            }
            StoreTransaction.Require(tx.Creations.TryInsert(intent), $"creation intent {intent.Id}");
            return (Move(tx, m.Attempt, m.Attempt with { CreationId = intent.Id }, "no Ready pool canister: creating one"), false);
        }).ConfigureAwait(false);
        m.Attempt = attempt;
        if (claimed)
        {
            metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Allocate, ProvisioningMetricOutcome.Completed, ProvisioningMetricReason.PoolReuse);
            metrics.RecordPool(PoolMetricOperation.SelectReady, PoolMetricOutcome.Completed, PoolMetricReason.Ok, m.Role.Name);
            Report(attempt, AttemptState.Reserved, "claimed " + attempt.Pid);
            return new AllocatedState();
        }
        metrics.RecordPool(PoolMetricOperation.SelectReady, PoolMetricOutcome.Skipped, PoolMetricReason.Empty, m.Role.Name);
        return new AllocatingState(intent, resumed: false);
    }

    /// <summary>Sends the creation record's call and adopts the canister the moment its id is known (C3').</summary>
    public async Task<State> CreateAsync(AttemptMachine m, CreationRecord record, bool resumed, CancellationToken ct)
    {
        var outcome = await creator.SendAsync(record, resumed, m.Role.Name, ct).ConfigureAwait(false);
        switch (outcome)
        {
            case CreationOutcome.Created created:
                m.Attempt = await pool.CommitAsync((tx, changes) =>
                {
                    StoreTransaction.Require(tx.Creations.TryTransition(record with { State = CreationState.Created, CanisterId = created.Pid }, CreationState.Intent),
                        $"creation {record.Id} Intent -> Created");
                    var now = time.GetUtcNow();
                    // Recorded with the insert; a failed insert rolls the unit back and nothing is published.
                    PoolCanisters.AdoptCreated(tx, changes, new PoolEntry(created.Pid, now, record.Amount, PoolEntryStatus.Claimed, null, m.Attempt.Id, null, null, null, now));
                    return Move(tx, m.Attempt, m.Attempt with { State = AttemptState.Allocated, Pid = created.Pid, AllocationSource = DomainSource.New }, "new_allocation");
                }).ConfigureAwait(false);
                metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Allocate, ProvisioningMetricOutcome.Completed, ProvisioningMetricReason.NewAllocation);
                Report(m.Attempt, AttemptState.Reserved, "created " + created.Pid);
                return new AllocatedState();
            case CreationOutcome.Blocked blocked:
                m.Attempt = await persistence.CommitAsync(tx =>
                {
                    StoreTransaction.Require(tx.Creations.TryTransition(record with { State = CreationState.Blocked, Error = blocked.Reason }, CreationState.Intent),
                        $"creation {record.Id} Intent -> Blocked");
                    return Move(tx, m.Attempt, m.Attempt with { State = AttemptState.Blocked, FailureReason = blocked.Reason }, blocked.Reason);
                }).ConfigureAwait(false);
                Report(m.Attempt, AttemptState.Reserved, blocked.Reason);
                return new BlockedState();
            case CreationOutcome.Unknown unknown:
                // It may have created a canister: only the ledger's answer to a resend (the canister, or TooOld) settles it.
                return new StalledState($"creation outcome still unknown ({unknown.Reason}); resent with the same created_at_time on the next check");
            case CreationOutcome.Transient transient:
                return new StalledState($"creation not done yet ({transient.Reason}); resent with the same created_at_time on the next check");
            default:
                var reason = outcome is CreationOutcome.Refused r ? r.Reason : ((CreationOutcome.Wait)outcome).Reason;
                await persistence.CommitAsync(tx => StoreTransaction.Require(
                    tx.Creations.TryTransition(record with { State = CreationState.Failed, Error = reason }, CreationState.Intent),
                    $"creation {record.Id} Intent -> Failed")).ConfigureAwait(false);
                metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Allocate, ProvisioningMetricOutcome.Failed, ProvisioningMetricReason.ManagementCall);
                return new CompensatingState($"no canister could be created: {reason}");
        }
    }

    /// <summary>update_settings with configured + orchestrator + parent controllers, then C3: registry Installing + attempt Installing.</summary>
    public async Task<State> SetControllersAsync(AttemptMachine m, CancellationToken ct)
    {
        var pid = m.Attempt.Pid!.Value;
        try
        {
            var controllers = ControllerPolicy.Merge(config.Controllers.Concat(m.Role.Controllers), calls.Self, m.Attempt.Parent);
            await calls.SetControllersAsync(pid, controllers, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IcRejectException or IcRetryBudgetSpentException or TooManyControllersException)
        {
            // update_settings is idempotent: whether or not a send applied, the compensation's reset sets the pool's controllers.
            metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Allocate, ProvisioningMetricOutcome.Failed, ProvisioningMetricReason.ManagementCall);
            return new CompensatingState($"update_settings failed: {IcFailure.Describe(e)}");
        }
        var from = m.Attempt.State;
        m.Attempt = await persistence.CommitAsync(tx =>
        {
            var existing = tx.Registry.Get(pid);
            if (existing is null)
                StoreTransaction.Require(tx.Registry.TryInsert(new RegistryEntry(pid, m.Role.Name, m.Attempt.Parent, m.Attempt.ModuleHash!,
                    RegistryStatus.Installing, m.Attempt.Id, time.GetUtcNow())), $"registry {pid} Installing");
            else if (existing.AttemptId != m.Attempt.Id)
                throw new ConcurrencyConflictException($"registry {pid} already belongs to attempt {existing.AttemptId}");
            return Move(tx, m.Attempt, m.Attempt with { State = AttemptState.Installing }, null);
        }).ConfigureAwait(false);
        Report(m.Attempt, from);
        return new InstallingState(reconcileFirst: false);
    }

    /// <summary>
    /// install_code (mode install) in an uncancellable section; then C4. Once a send may have applied (an unknown outcome, or
    /// Installing resumed from the store), no reject proves it did not: the module hash decides (expected: C4; none: the
    /// install did not happen; another: Blocked), and while it cannot be read the attempt stays Installing (stalled).
    /// </summary>
    public async Task<State> InstallAsync(AttemptMachine m, bool reconcileFirst, CancellationToken ct)
    {
        var pid = m.Attempt.Pid!.Value;
        var expected = Convert.FromHexString(m.Attempt.ModuleHash!);
        var observe = reconcileFirst;
        var mayHaveApplied = reconcileFirst;
        string? failure = null; // a definitive reject or a spent budget, waiting for the module hash to confirm nothing was installed
        for (var sends = 0; ; sends++)
        {
            if (observe)
            {
                CanisterStatusResult status;
                try { status = await calls.StatusAsync(pid, ct).ConfigureAwait(false); }
                catch (IcRetryBudgetSpentException e) { return new StalledState($"install outcome unknown and canister_status not answered: {e.Message}"); }
                catch (IcRejectException e) { return FailInstall(m, $"canister_status while reconciling the install: {IcFailure.Describe(e)}"); }
                var verdict = InstallReconciliation.Reconcile(expected, status.ModuleHash);
                if (verdict.Verdict == InstallVerdict.Installed) return await CommitAsync(m).ConfigureAwait(false);
                if (verdict.Verdict == InstallVerdict.Conflict) return await BlockAsync(m, $"install conflict: {verdict.Reason}").ConfigureAwait(false);
                if (failure is not null) return FailInstall(m, failure); // proven not installed: the failure stands
            }
            if (sends >= config.Retry.MaxAttempts)
                return new StalledState("install outcome stayed unknown; reconciled again on the next check");
            metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Install, ProvisioningMetricOutcome.Started, ProvisioningMetricReason.Ok);
            metrics.RecordCanisterOp(m.Role.Name, CanisterOpsMetricOperation.Install, CanisterOpsMetricOutcome.Started, CanisterOpsMetricReason.Ok);
            try
            {
                // install_code is not idempotent: a transition or a stop waits for it instead of cancelling it half-way.
                await m.RunUncancellableAsync(() => calls.InstallAsync(pid, m.Role.Module!, CancellationToken.None)).ConfigureAwait(false);
                return await CommitAsync(m).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IcRejectException or IcRetryBudgetSpentException)
            {
                if (!mayHaveApplied) return FailInstall(m, $"install_code: {IcFailure.Describe(e)}");
                failure = $"install_code: {IcFailure.Describe(e)}";
                observe = true;
            }
            catch (IcUnknownOutcomeException)
            {
                mayHaveApplied = true;
                observe = true;
            }
        }
    }

    private CompensatingState FailInstall(AttemptMachine m, string reason)
    {
        metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Install, ProvisioningMetricOutcome.Failed, ProvisioningMetricReason.ManagementCall);
        metrics.RecordCanisterOp(m.Role.Name, CanisterOpsMetricOperation.Install, CanisterOpsMetricOutcome.Failed, CanisterOpsMetricReason.ManagementCall);
        return new CompensatingState(reason);
    }

    /// <summary>
    /// Compensation: the registry row is removed, the canister goes back to the pool (Claimed -> PendingReset)
    /// or, when the pool is over maximum_size, is deleted after persisting Compensating; the reservation is
    /// released and the attempt ends Failed(reason).
    /// </summary>
    public async Task<State> CompensateAsync(AttemptMachine m, string reason, CancellationToken ct)
    {
        var from = m.Attempt.State;
        // A persisted Compensating is the delete's intent: the delete may have happened, so it is finished, not re-planned.
        if (m.Attempt.Pid is { } pid && (m.Attempt.State == AttemptState.Compensating || PlanCompensation(m) == CompensationAction.Delete))
        {
            if (m.Attempt.State != AttemptState.Compensating)
                m.Attempt = await persistence.CommitAsync(tx => Move(tx, m.Attempt, m.Attempt with { State = AttemptState.Compensating, FailureReason = reason }, "delete: pool over maximum_size")).ConfigureAwait(false);
            switch (await TryDeleteAsync(pid, m.Role.Name, ct).ConfigureAwait(false))
            {
                case DeleteOutcome.Deleted:
                    m.Attempt = await pool.CommitAsync((tx, changes) =>
                    {
                        changes.Record(tx.Pool.TryDelete(pid, PoolEntryStatus.Claimed), pid, null);
                        tx.Registry.TryRemove(pid, RegistryStatus.Installing);
                        return Finish(tx, m, reason);
                    }).ConfigureAwait(false);
                    Report(m.Attempt, from, reason);
                    return new FailedState();
                case DeleteOutcome.Unknown unknown:
                    // The delete may have applied: never recycled (its row would name a canister that may be gone). Resumed by the next check.
                    return new StalledState($"compensation: {unknown.Reason}; the delete is resumed by the next check");
            }
            // Definitively refused while the canister exists: keep tracking it through the pool instead.
        }
        m.Attempt = await pool.CommitAsync((tx, changes) =>
        {
            if (m.Attempt.Pid is { } owned)
            {
                tx.Registry.TryRemove(owned, RegistryStatus.Installing);
                changes.Record(tx.Pool.TryChangeStatus(owned, PoolEntryStatus.Claimed, PoolEntryStatus.PendingReset), owned, PoolEntryStatus.PendingReset);
            }
            return Finish(tx, m, reason);
        }).ConfigureAwait(false);
        Report(m.Attempt, from, reason);
        if (m.Attempt.Pid is not null) requestReset();
        return new FailedState();
    }

    private ProvisioningAttempt Finish(StoreTransaction tx, AttemptMachine m, string reason)
    {
        if (m.Attempt.ReservationId is { } reservation) tx.Reservations.Release(reservation);
        tx.ScalingWorkers.TryRetire(m.Attempt.Id);
        return Move(tx, m.Attempt, m.Attempt with { State = AttemptState.Failed, FailureReason = reason }, reason);
    }

    private CompensationAction PlanCompensation(AttemptMachine m)
    {
        if (m.Attempt.AllocationSource != DomainSource.New) return CompensationAction.Recycle;
        var pooledOthers = occupancy.Occupied() - 1; // this attempt's own canister is one of the pool rows
        return CompensationPolicy.AfterFailedInstall(Policy.AllocationSource.New, Math.Max(0, pooledOthers), config.Pool.MaximumSize).Action;
    }

    private abstract record DeleteOutcome
    {
        public sealed record Deleted : DeleteOutcome;
        public sealed record Exists(string Reason) : DeleteOutcome;
        public sealed record Unknown(string Reason) : DeleteOutcome;
    }

    /// <summary>
    /// stop_canister + delete_canister, both retried. Only "not found" (code 3, from any of the calls or from canister_status)
    /// or a delete's reply proves the canister gone; only a definitive refusal while it answers proves it exists. Anything
    /// else leaves the outcome unknown.
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
        catch (IcRejectException e) { outcome = new DeleteOutcome.Exists(IcFailure.Describe(e)); }
        catch (IcRetryBudgetSpentException e) { outcome = await ObserveDeletedAsync(pid, IcFailure.Describe(e), ct).ConfigureAwait(false); }
        var (metric, reason) = outcome is DeleteOutcome.Deleted
            ? (CanisterOpsMetricOutcome.Completed, CanisterOpsMetricReason.Ok)
            : (CanisterOpsMetricOutcome.Failed, CanisterOpsMetricReason.ManagementCall);
        metrics.RecordCanisterOp(role, CanisterOpsMetricOperation.Delete, metric, reason);
        return outcome;
    }

    /// <summary>canister_status settles a delete whose outcome is unknown: "not found" is gone; an answer means it still exists.</summary>
    private async Task<DeleteOutcome> ObserveDeletedAsync(Principal pid, string failure, CancellationToken ct)
    {
        try
        {
            await calls.StatusAsync(pid, ct).ConfigureAwait(false);
            return new DeleteOutcome.Unknown($"stop/delete not done ({failure}); canister_status answers, so it still exists");
        }
        catch (Exception e) when (IcFailure.IsNotFound(e)) { return new DeleteOutcome.Deleted(); }
        catch (Exception e) when (e is IcRejectException or IcRetryBudgetSpentException)
        {
            return new DeleteOutcome.Unknown($"delete outcome unknown ({failure}) and canister_status did not settle it: {IcFailure.Describe(e)}");
        }
    }

    /// <summary>C4: registry Active, pool row Claimed -> Workload, reservation settled, worker registered, attempt Committed.</summary>
    private async Task<State> CommitAsync(AttemptMachine m)
    {
        var pid = m.Attempt.Pid!.Value;
        var from = m.Attempt.State;
        m.Attempt = await pool.CommitAsync((tx, changes) =>
        {
            StoreTransaction.Require(tx.Registry.TryChangeStatus(pid, RegistryStatus.Installing, RegistryStatus.Active), $"registry {pid} Installing -> Active");
            StoreTransaction.Require(changes.Record(tx.Pool.TryChangeStatus(pid, PoolEntryStatus.Claimed, PoolEntryStatus.Workload, operationId: m.Attempt.Id),
                pid, PoolEntryStatus.Workload, null, m.Attempt.Id), $"pool entry {pid} Claimed -> Workload");
            if (m.Attempt.ReservationId is { } reservation) tx.Reservations.Settle(reservation, m.Role.InitialCycles);
            tx.ScalingWorkers.TryRegister(m.Attempt.Id, pid);
            return Move(tx, m.Attempt, m.Attempt with { State = AttemptState.Committed }, null);
        }).ConfigureAwait(false);
        metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Install, ProvisioningMetricOutcome.Completed, ProvisioningMetricReason.Ok);
        metrics.RecordCanisterOp(m.Role.Name, CanisterOpsMetricOperation.Install, CanisterOpsMetricOutcome.Completed, CanisterOpsMetricReason.Ok);
        Report(m.Attempt, from);
        return new CommittedState();
    }

    private async Task<State> BlockAsync(AttemptMachine m, string reason)
    {
        var from = m.Attempt.State;
        m.Attempt = await persistence.CommitAsync(tx => Move(tx, m.Attempt, m.Attempt with { State = AttemptState.Blocked, FailureReason = reason }, reason)).ConfigureAwait(false);
        Report(m.Attempt, from, reason);
        return new BlockedState();
    }

    private static ProvisioningAttempt Move(StoreTransaction tx, ProvisioningAttempt current, ProvisioningAttempt next, string? reason)
    {
        StoreTransaction.Require(tx.Attempts.TryTransition(next, current.State, reason), $"attempt {current.Id} {current.State} -> {next.State}");
        return next;
    }

    private void Report(ProvisioningAttempt attempt, AttemptState from, string? reason = null) =>
        transitions.Report("attempt", attempt.Id, from.ToString(), attempt.State.ToString(), reason);
}
