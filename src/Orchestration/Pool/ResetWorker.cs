using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Policy;
using Canic.Fsm.Orchestration.Runtime;

namespace Canic.Fsm.Orchestration.Pool;

/// <summary>
/// The reset worker: takes PendingReset entries oldest first, <see cref="BatchSize"/> per batch, one
/// batch at a time (the gate), and runs again when more arrived meanwhile. A batch that changed no row
/// ends the run, so that a persistent error cannot spin; the next check tries again.
/// </summary>
internal sealed class ResetWorker(Persistence persistence, OrchestratorMetrics metrics, PoolCanisters canisters, BackgroundWork background)
{
    public const int BatchSize = 10;

    private readonly ResetWorkerGate _gate = new();

    /// <summary>Schedules a run in the background (joins the running one if any).</summary>
    public void Request()
    {
        metrics.RecordPool(PoolMetricOperation.Scheduler, PoolMetricOutcome.Scheduled, PoolMetricReason.Ok);
        background.Run(RunAsync);
    }

    /// <summary>Runs batches while PendingReset entries remain; returns at once if a run is in progress.</summary>
    public Task<int> RunAsync(CancellationToken ct)
    {
        var progressed = true;
        return _gate.RunAsync(
            async token => progressed = await RunBatchAsync().ConfigureAwait(false),
            _ => Task.FromResult(progressed && AnyPending()),
            ct);
    }

    private async Task<bool> RunBatchAsync()
    {
        var batch = persistence.Read(r => r.Pool.OldestPendingReset(BatchSize));
        if (batch.Count == 0) return false;
        var results = await Task.WhenAll(batch.Select(e => canisters.ResetAsync(e.Pid))).ConfigureAwait(false);
        return results.Any(r => r?.Status is not null);
    }

    private bool AnyPending() => persistence.Read(r => r.Pool.OldestPendingReset(1).Count > 0);
}
