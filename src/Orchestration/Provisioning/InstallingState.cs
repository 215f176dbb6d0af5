using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Effects;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Policy;
using Canic.Fsm.Orchestration.Store;
using Canic.Fsm.StateMachine;

namespace Canic.Fsm.Orchestration.Provisioning;

/// <summary>
/// Persisted Installing: the canister is registered as installing; install_code is about to be sent, or was.
/// <paramref name="reconcileFirst"/>: a send may have applied (resumed from the store), so the module hash is read first.
/// </summary>
internal sealed class InstallingState(bool reconcileFirst) : AttemptStateBase
{
    protected override async ValueTask<State?> RunAsync(AttemptMachine machine, CancellationToken cancellationToken) =>
        await machine.Steps.Installation.RunAsync(machine, reconcileFirst, cancellationToken).ConfigureAwait(false);
}

/// <summary>
/// install_code (mode install) in an uncancellable section, then the commit: the registry row Active, the pool row
/// Workload, the reservation settled, a scaling worker registered and the attempt Committed, in one unit of work. Once a
/// send may have applied (an unknown outcome, or Installing resumed from the store), no reject proves it did not: the
/// module hash decides (expected: the commit; none: the install did not happen; another: Blocked), and while it cannot be
/// read the attempt stays Installing (stalled).
/// </summary>
internal sealed class InstallationStep(CanisterCalls calls, int maxSends, AttemptRecorder recorder, OrchestratorMetrics metrics)
{
    public async Task<State> RunAsync(AttemptMachine m, bool reconcileFirst, CancellationToken ct)
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
                catch (IcRejectException e) { return Fail(m, $"canister_status while reconciling the install: {IcFailure.Describe(e)}"); }
                var verdict = InstallReconciliation.Reconcile(expected, status.ModuleHash);
                if (verdict.Verdict == InstallVerdict.Installed) return await CommitAsync(m).ConfigureAwait(false);
                if (verdict.Verdict == InstallVerdict.Conflict) return await BlockAsync(m, $"install conflict: {verdict.Reason}").ConfigureAwait(false);
                if (failure is not null) return Fail(m, failure); // proven not installed: the failure stands
            }
            if (sends >= maxSends)
                return new StalledState("install outcome stayed unknown; reconciled again on the next check");
            metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Install, CanisterMetricOutcome.Started, CanisterMetricReason.Ok);
            metrics.RecordCanisterOp(m.Role.Name, CanisterOpsMetricOperation.Install, CanisterMetricOutcome.Started, CanisterMetricReason.Ok);
            try
            {
                // install_code is not idempotent: a transition or a stop waits for it instead of cancelling it half-way.
                await m.RunUncancellableAsync(() => calls.InstallAsync(pid, m.Role.Module!, CancellationToken.None)).ConfigureAwait(false);
                return await CommitAsync(m).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IcRejectException or IcRetryBudgetSpentException)
            {
                if (!mayHaveApplied) return Fail(m, $"install_code: {IcFailure.Describe(e)}");
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

    private CompensatingState Fail(AttemptMachine m, string reason)
    {
        metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Install, CanisterMetricOutcome.Failed, CanisterMetricReason.ManagementCall);
        metrics.RecordCanisterOp(m.Role.Name, CanisterOpsMetricOperation.Install, CanisterMetricOutcome.Failed, CanisterMetricReason.ManagementCall);
        return new CompensatingState(reason);
    }

    /// <summary>The commit: registry Active, pool row Claimed -> Workload, reservation settled, worker registered, attempt Committed.</summary>
    private async Task<State> CommitAsync(AttemptMachine m)
    {
        var pid = m.Attempt.Pid!.Value;
        var from = m.Attempt.State;
        await recorder.MoveWithPoolAsync(m, (tx, changes) =>
        {
            StoreTransaction.Require(tx.Registry.TryChangeStatus(pid, RegistryStatus.Installing, RegistryStatus.Active), $"registry {pid} Installing -> Active");
            StoreTransaction.Require(changes.Record(tx.Pool.TryChangeStatus(pid, PoolEntryStatus.Claimed, PoolEntryStatus.Workload, operationId: m.Attempt.Id),
                pid, PoolEntryStatus.Workload, null, m.Attempt.Id), $"pool entry {pid} Claimed -> Workload");
            if (m.Attempt.ReservationId is { } reservation) tx.Reservations.Settle(reservation, m.Role.InitialCycles);
            tx.ScalingWorkers.TryRegister(m.Attempt.Id, pid);
            return AttemptRecorder.Move(tx, m.Attempt, m.Attempt with { State = AttemptState.Committed }, null);
        }).ConfigureAwait(false);
        metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Install, CanisterMetricOutcome.Completed, CanisterMetricReason.Ok);
        metrics.RecordCanisterOp(m.Role.Name, CanisterOpsMetricOperation.Install, CanisterMetricOutcome.Completed, CanisterMetricReason.Ok);
        recorder.Report(m, from);
        return new CommittedState();
    }

    private async Task<State> BlockAsync(AttemptMachine m, string reason)
    {
        var from = m.Attempt.State;
        await recorder.MoveAsync(m, m.Attempt with { State = AttemptState.Blocked, FailureReason = reason }, reason).ConfigureAwait(false);
        recorder.Report(m, from, reason);
        return new BlockedState();
    }
}
