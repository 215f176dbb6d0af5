using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Policy;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Telemetry;

namespace Canic.Fsm.Orchestration.Pool;

/// <summary>What a reset left the pool entry as; <see cref="Change"/> is null when the row was no longer ours to change.</summary>
internal sealed record PoolResetResult(PoolRowChange? Change, Cycles Cycles, string? Reason)
{
    public PoolEntryStatus? Status => Change?.Status;
}

/// <summary>
/// Resets a pool canister (update_settings with the pool's controllers plus the orchestrator, uninstall_code,
/// canister_status) and records the outcome with a compare-and-set from the status it was reset from. Every
/// call is idempotent, so a reset interrupted by a crash is simply done again.
/// </summary>
internal sealed class CanisterReset(OrchestratorContext context, PoolCanisters pool)
{
    public async Task<PoolResetResult> RunAsync(Principal pid, PoolEntryStatus from, CancellationToken ct)
    {
        using var span = ResetSpans.Start(pid, from);
        var result = await ResetAsync(pid, from, ct).ConfigureAwait(false);
        ResetSpans.End(span, result);
        return result;
    }

    private async Task<PoolResetResult> ResetAsync(Principal pid, PoolEntryStatus from, CancellationToken ct)
    {
        var (cycles, failure) = await ObserveResetAsync(pid, ct).ConfigureAwait(false);
        var next = failure is null ? PoolEntryStatus.Ready : PoolEntryStatus.Failed;
        var changes = pool.Commit((tx, set) => { set.Record(tx.Pool.TryChangeStatus(pid, from, next, failure, null, cycles), pid, next, failure); });
        context.Metrics.RecordPool(PoolMetricOperation.Reset, failure is null ? PoolMetricOutcome.Completed : PoolMetricOutcome.Failed,
            failure is null ? PoolMetricReason.Ok : PoolMetricReason.ManagementCall);
        if (changes.Count == 0) return new PoolResetResult(null, cycles, $"the entry left {from} during its reset");
        context.Report("pool", pid.ToString(), from.ToString(), next.ToString(), failure);
        return new PoolResetResult(changes[0], cycles, failure);
    }

    private async Task<(Cycles Cycles, string? Failure)> ObserveResetAsync(Principal pid, CancellationToken ct)
    {
        try
        {
            var controllers = ControllerPolicy.Merge(context.Config.Pool.Controllers, context.Self);
            await context.Calls.SetControllersAsync(pid, controllers, ct).ConfigureAwait(false);
            await context.Calls.UninstallAsync(pid, ct).ConfigureAwait(false);
            var status = await context.Calls.StatusAsync(pid, ct).ConfigureAwait(false);
            // A compensation that stopped the canister and then could not delete it recycled it stopped: a pool canister runs.
            if (status.Status != CanisterStatus.Running) await context.Calls.StartAsync(pid, ct).ConfigureAwait(false);
            var outcome = ResetOutcome.Evaluate(status.Cycles, context.Config.Pool.CanisterCycles);
            return (outcome.Cycles, outcome.FailureReason);
        }
        catch (Exception e) when (e is IcRejectException or IcUnknownOutcomeException or TooManyControllersException)
        {
            return (Cycles.Zero, $"reset failed: {e.Message}");
        }
    }
}
