using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Effects;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Policy;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Telemetry;

namespace Canic.Fsm.Orchestration.Pool;

/// <summary>
/// What a reset left the pool entry as; <see cref="Change"/> is null when the row was not changed: it was no longer ours to
/// change, or (<see cref="Retry"/>) the reset's retries were spent and the row keeps waiting for a later check. A change
/// whose status is null removed the row: its canister does not exist.
/// </summary>
internal sealed record PoolResetResult(PoolRowChange? Change, Cycles Cycles, string? Reason, bool Retry = false)
{
    public PoolEntryStatus? Status => Change?.Status;
}

/// <summary>
/// Resets a pool canister (update_settings with the pool's controllers plus the orchestrator, uninstall_code,
/// canister_status, start_canister when stopped) and records the outcome with a compare-and-set from the status it was
/// reset from. Every call is idempotent and retried by the retry policy, so a reset interrupted by a crash is simply done
/// again. Outcomes: Ready (or Failed "below ..."); Failed on a definitive reject; back to PendingReset when the retries
/// were spent (a later check tries again); the row removed when the IC answers that the canister does not exist (it can
/// never be Ready, and counting it against maximum_size would keep the pool below its minimum).
/// </summary>
internal sealed class CanisterReset(PoolConfig poolConfig, CanisterCalls calls, OrchestratorMetrics metrics, TransitionLog transitions, PoolCanisters pool)
{
    private enum Verdict { Done, Failed, Retry, NotFound }

    public async Task<PoolResetResult> RunAsync(Principal pid, PoolEntryStatus from, CancellationToken ct)
    {
        using var span = ResetSpans.Start(pid, from);
        var result = await ResetAsync(pid, from, ct).ConfigureAwait(false);
        ResetSpans.End(span, result);
        return result;
    }

    private async Task<PoolResetResult> ResetAsync(Principal pid, PoolEntryStatus from, CancellationToken ct)
    {
        var (verdict, cycles, failure) = await ObserveResetAsync(pid, ct).ConfigureAwait(false);
        switch (verdict)
        {
            case Verdict.NotFound:
                var removed = pool.Commit((tx, set) => { set.Record(tx.Pool.TryDelete(pid, from), pid, null); });
                metrics.RecordPool(PoolMetricOperation.Reset, PoolMetricOutcome.Failed, PoolMetricReason.ManagementCall);
                if (removed.Count == 0) return new PoolResetResult(null, cycles, $"the entry left {from} during its reset");
                transitions.Report("pool", pid.ToString(), from.ToString(), "(removed)", failure);
                return new PoolResetResult(removed[0], cycles, failure);
            case Verdict.Retry when from == PoolEntryStatus.PendingReset:
                metrics.RecordPool(PoolMetricOperation.Reset, PoolMetricOutcome.Skipped, PoolMetricReason.ManagementCall);
                return new PoolResetResult(null, cycles, failure, Retry: true);
        }
        // A Recycling row whose retries were spent waits as PendingReset: the reset worker takes those.
        var next = verdict switch { Verdict.Done => PoolEntryStatus.Ready, Verdict.Retry => PoolEntryStatus.PendingReset, _ => PoolEntryStatus.Failed };
        var reason = next == PoolEntryStatus.Failed ? failure : null;
        var changes = pool.Commit((tx, set) => { set.Record(tx.Pool.TryChangeStatus(pid, from, next, reason, null, cycles), pid, next, reason); });
        metrics.RecordPool(PoolMetricOperation.Reset, next == PoolEntryStatus.Ready ? PoolMetricOutcome.Completed : PoolMetricOutcome.Failed,
            next == PoolEntryStatus.Ready ? PoolMetricReason.Ok : PoolMetricReason.ManagementCall);
        if (changes.Count == 0) return new PoolResetResult(null, cycles, $"the entry left {from} during its reset");
        transitions.Report("pool", pid.ToString(), from.ToString(), next.ToString(), failure);
        return new PoolResetResult(changes[0], cycles, failure);
    }

    private async Task<(Verdict Verdict, Cycles Cycles, string? Failure)> ObserveResetAsync(Principal pid, CancellationToken ct)
    {
        try
        {
            var controllers = ControllerPolicy.Merge(poolConfig.Controllers, calls.Self);
            await calls.SetControllersAsync(pid, controllers, ct).ConfigureAwait(false);
            await calls.UninstallAsync(pid, ct).ConfigureAwait(false);
            var status = await calls.StatusAsync(pid, ct).ConfigureAwait(false);
            // A compensation that stopped the canister and then could not delete it recycled it stopped: a pool canister runs.
            if (status.Status != CanisterStatus.Running) await calls.StartAsync(pid, ct).ConfigureAwait(false);
            var outcome = ResetOutcome.Evaluate(status.Cycles, poolConfig.CanisterCycles);
            return (outcome.IsReady ? Verdict.Done : Verdict.Failed, outcome.Cycles, outcome.FailureReason);
        }
        catch (Exception e) when (IcFailure.IsNotFound(e))
        {
            return (Verdict.NotFound, Cycles.Zero, $"the canister does not exist: {e.Message}");
        }
        catch (IcRetryBudgetSpentException e)
        {
            return (Verdict.Retry, Cycles.Zero, $"reset not done, retried by a later check: {e.Message}");
        }
        catch (Exception e) when (e is IcRejectException or TooManyControllersException)
        {
            return (Verdict.Failed, Cycles.Zero, $"reset failed: {IcFailure.Describe(e)}");
        }
    }
}
