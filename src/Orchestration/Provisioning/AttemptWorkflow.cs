using Canic.Fsm.Orchestration.Creation;
using Canic.Fsm.Orchestration.Domain;
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
internal sealed class AttemptWorkflow(OrchestratorContext context, CanisterCreator creator, PoolCanisters pool, PoolOccupancy occupancy, Action requestReset)
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
            context.Metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Allocate, ProvisioningMetricOutcome.Completed, ProvisioningMetricReason.PoolReuse);
            context.Metrics.RecordPool(PoolMetricOperation.SelectReady, PoolMetricOutcome.Completed, PoolMetricReason.Ok, m.Role.Name);
            Report(attempt, AttemptState.Reserved, "claimed " + attempt.Pid);
            return new AllocatedState();
        }
        context.Metrics.RecordPool(PoolMetricOperation.SelectReady, PoolMetricOutcome.Skipped, PoolMetricReason.Empty, m.Role.Name);
        return new AllocatingState(intent, resumed: false);
    }

    /// <summary>Sends the creation record's call and adopts the canister the moment its id is known (C3').</summary>
    public async Task<State> CreateAsync(AttemptMachine m, CreationRecord record, bool resumed, CancellationToken ct)
    {
        var outcome = await SendWithRetriesAsync(record, resumed, m.Role.Name, ct).ConfigureAwait(false);
        switch (outcome)
        {
            case CreationOutcome.Created created:
                m.Attempt = await pool.CommitAsync((tx, changes) =>
                {
                    StoreTransaction.Require(tx.Creations.TryTransition(record with { State = CreationState.Created, CanisterId = created.Pid }, CreationState.Intent),
                        $"creation {record.Id} Intent -> Created");
                    var now = context.Time.GetUtcNow();
                    // Recorded with the insert; a failed insert rolls the unit back and nothing is published.
                    var claimed = changes.Record(new PoolEntry(created.Pid, now, record.Amount, PoolEntryStatus.Claimed, null, m.Attempt.Id, null, null, null, now));
                    StoreTransaction.Require(tx.Pool.TryInsert(claimed), $"pool entry {created.Pid} (new, claimed)");
                    return Move(tx, m.Attempt, m.Attempt with { State = AttemptState.Allocated, Pid = created.Pid, AllocationSource = DomainSource.New }, "new_allocation");
                }).ConfigureAwait(false);
                context.Metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Allocate, ProvisioningMetricOutcome.Completed, ProvisioningMetricReason.NewAllocation);
                Report(m.Attempt, AttemptState.Reserved, "created " + created.Pid);
                return new AllocatedState();
            case CreationOutcome.Blocked blocked:
                m.Attempt = await context.CommitAsync(tx =>
                {
                    StoreTransaction.Require(tx.Creations.TryTransition(record with { State = CreationState.Blocked, Error = blocked.Reason }, CreationState.Intent),
                        $"creation {record.Id} Intent -> Blocked");
                    return Move(tx, m.Attempt, m.Attempt with { State = AttemptState.Blocked, FailureReason = blocked.Reason }, blocked.Reason);
                }).ConfigureAwait(false);
                Report(m.Attempt, AttemptState.Reserved, blocked.Reason);
                return new BlockedState();
            case CreationOutcome.Unknown:
                return new StalledState("creation outcome still unknown; resent with the same created_at_time on the next check");
            default:
                var reason = outcome is CreationOutcome.Refused r ? r.Reason : ((CreationOutcome.Wait)outcome).Reason;
                await context.CommitAsync(tx => StoreTransaction.Require(
                    tx.Creations.TryTransition(record with { State = CreationState.Failed, Error = reason }, CreationState.Intent),
                    $"creation {record.Id} Intent -> Failed")).ConfigureAwait(false);
                context.Metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Allocate, ProvisioningMetricOutcome.Failed, ProvisioningMetricReason.ManagementCall);
                return new CompensatingState($"no canister could be created: {reason}");
        }
    }

    /// <summary>update_settings with configured + orchestrator + parent controllers, then C3: registry Installing + attempt Installing.</summary>
    public async Task<State> SetControllersAsync(AttemptMachine m, CancellationToken ct)
    {
        var pid = m.Attempt.Pid!.Value;
        try
        {
            var controllers = ControllerPolicy.Merge(context.Config.Controllers.Concat(m.Role.Controllers), context.Self, m.Attempt.Parent);
            await context.Calls.SetControllersAsync(pid, controllers, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IcRejectException or IcUnknownOutcomeException or TooManyControllersException)
        {
            context.Metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Allocate, ProvisioningMetricOutcome.Failed, ProvisioningMetricReason.ManagementCall);
            return new CompensatingState($"update_settings failed: {e.Message}");
        }
        var from = m.Attempt.State;
        m.Attempt = await context.CommitAsync(tx =>
        {
            var existing = tx.Registry.Get(pid);
            if (existing is null)
                StoreTransaction.Require(tx.Registry.TryInsert(new RegistryEntry(pid, m.Role.Name, m.Attempt.Parent, m.Attempt.ModuleHash!,
                    RegistryStatus.Installing, m.Attempt.Id, context.Time.GetUtcNow())), $"registry {pid} Installing");
            else if (existing.AttemptId != m.Attempt.Id)
                throw new ConcurrencyConflictException($"registry {pid} already belongs to attempt {existing.AttemptId}");
            return Move(tx, m.Attempt, m.Attempt with { State = AttemptState.Installing }, null);
        }).ConfigureAwait(false);
        Report(m.Attempt, from);
        return new InstallingState(reconcileFirst: false);
    }

    /// <summary>install_code (mode install) in an uncancellable section, reconciled by module hash when its outcome is unknown; then C4.</summary>
    public async Task<State> InstallAsync(AttemptMachine m, bool reconcileFirst, CancellationToken ct)
    {
        var pid = m.Attempt.Pid!.Value;
        var expected = Convert.FromHexString(m.Attempt.ModuleHash!);
        var observe = reconcileFirst;
        for (var sends = 0; ; sends++)
        {
            if (observe)
            {
                CanisterStatusResult status;
                try { status = await context.Calls.StatusAsync(pid, ct).ConfigureAwait(false); }
                catch (IcUnknownOutcomeException e) { return new StalledState($"canister_status unknown while reconciling the install: {e.Message}"); }
                catch (IcRejectException e) { return new CompensatingState($"canister_status rejected while reconciling the install: {e.Message}"); }
                var verdict = InstallReconciliation.Reconcile(expected, status.ModuleHash);
                if (verdict.Verdict == InstallVerdict.Installed) return await CommitAsync(m).ConfigureAwait(false);
                if (verdict.Verdict == InstallVerdict.Conflict) return await BlockAsync(m, $"install conflict: {verdict.Reason}").ConfigureAwait(false);
            }
            if (sends > context.Config.UnknownOutcomeRetries)
                return new StalledState("install outcome stayed unknown; reconciled again on the next check");
            context.Metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Install, ProvisioningMetricOutcome.Started, ProvisioningMetricReason.Ok);
            context.Metrics.RecordCanisterOp(m.Role.Name, CanisterOpsMetricOperation.Install, CanisterOpsMetricOutcome.Started, CanisterOpsMetricReason.Ok);
            try
            {
                // install_code is not idempotent: a transition or a stop waits for it instead of cancelling it half-way.
                await m.RunUncancellableAsync(() => context.Calls.InstallAsync(pid, m.Role.Module!, CancellationToken.None)).ConfigureAwait(false);
                return await CommitAsync(m).ConfigureAwait(false);
            }
            catch (IcRejectException e)
            {
                context.Metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Install, ProvisioningMetricOutcome.Failed, ProvisioningMetricReason.ManagementCall);
                context.Metrics.RecordCanisterOp(m.Role.Name, CanisterOpsMetricOperation.Install, CanisterOpsMetricOutcome.Failed, CanisterOpsMetricReason.ManagementCall);
                return new CompensatingState($"install_code rejected: {e.Message}");
            }
            catch (IcUnknownOutcomeException)
            {
                observe = true;
            }
        }
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
                m.Attempt = await context.CommitAsync(tx => Move(tx, m.Attempt, m.Attempt with { State = AttemptState.Compensating, FailureReason = reason }, "delete: pool over maximum_size")).ConfigureAwait(false);
            if (await TryDeleteAsync(pid, m.Role.Name, ct).ConfigureAwait(false))
            {
                m.Attempt = await pool.CommitAsync((tx, changes) =>
                {
                    changes.Record(tx.Pool.TryDelete(pid, PoolEntryStatus.Claimed), pid, null);
                    tx.Registry.TryRemove(pid, RegistryStatus.Installing);
                    return Finish(tx, m, reason);
                }).ConfigureAwait(false);
                Report(m.Attempt, from, reason);
                return new FailedState();
            }
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
        return CompensationPolicy.AfterFailedInstall(Policy.AllocationSource.New, Math.Max(0, pooledOthers), context.Config.Pool.MaximumSize).Action;
    }

    private async Task<bool> TryDeleteAsync(Principal pid, string role, CancellationToken ct)
    {
        try
        {
            // Not found: a delete resumed after a restart (or a lost commit) already happened.
            try { await context.Calls.StopAsync(pid, ct).ConfigureAwait(false); }
            catch (IcRejectException e) when (e.Code == RejectCode.DestinationInvalid) { return true; }
            try { await context.Calls.DeleteAsync(pid, ct).ConfigureAwait(false); }
            catch (IcUnknownOutcomeException)
            {
                // delete is not idempotent: observe instead of resending. A canister that is gone no longer answers.
                // Only "not found" proves it gone; any other reject (transient, ...) leaves it existing as far as we know.
                try { await context.Calls.StatusAsync(pid, ct).ConfigureAwait(false); return false; }
                catch (IcRejectException e) when (e.Code == RejectCode.DestinationInvalid) { }
            }
            context.Metrics.RecordCanisterOp(role, CanisterOpsMetricOperation.Delete, CanisterOpsMetricOutcome.Completed, CanisterOpsMetricReason.Ok);
            return true;
        }
        catch (Exception e) when (e is IcRejectException or IcUnknownOutcomeException)
        {
            // Could not delete: keep tracking it through the pool instead.
            context.Metrics.RecordCanisterOp(role, CanisterOpsMetricOperation.Delete, CanisterOpsMetricOutcome.Failed, CanisterOpsMetricReason.ManagementCall);
            return false;
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
        context.Metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Install, ProvisioningMetricOutcome.Completed, ProvisioningMetricReason.Ok);
        context.Metrics.RecordCanisterOp(m.Role.Name, CanisterOpsMetricOperation.Install, CanisterOpsMetricOutcome.Completed, CanisterOpsMetricReason.Ok);
        Report(m.Attempt, from);
        return new CommittedState();
    }

    private async Task<State> BlockAsync(AttemptMachine m, string reason)
    {
        var from = m.Attempt.State;
        m.Attempt = await context.CommitAsync(tx => Move(tx, m.Attempt, m.Attempt with { State = AttemptState.Blocked, FailureReason = reason }, reason)).ConfigureAwait(false);
        Report(m.Attempt, from, reason);
        return new BlockedState();
    }

    private async Task<CreationOutcome> SendWithRetriesAsync(CreationRecord record, bool resumed, string role, CancellationToken ct)
    {
        var outcome = await creator.SendAsync(record, resumed, role, ct).ConfigureAwait(false);
        // A resend carries the same created_at_time: the ledger answers Duplicate with the canister id.
        for (var i = 0; outcome is CreationOutcome.Unknown && i < context.Config.UnknownOutcomeRetries; i++)
            outcome = await creator.SendAsync(record, resumed: true, role, ct).ConfigureAwait(false);
        return outcome;
    }

    private static ProvisioningAttempt Move(StoreTransaction tx, ProvisioningAttempt current, ProvisioningAttempt next, string? reason)
    {
        StoreTransaction.Require(tx.Attempts.TryTransition(next, current.State, reason), $"attempt {current.Id} {current.State} -> {next.State}");
        return next;
    }

    private void Report(ProvisioningAttempt attempt, AttemptState from, string? reason = null) =>
        context.Report("attempt", attempt.Id, from.ToString(), attempt.State.ToString(), reason);
}
