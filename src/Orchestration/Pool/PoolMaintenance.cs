using Canic.Fsm.Orchestration.Provisioning;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Scaling;

namespace Canic.Fsm.Orchestration.Pool;

/// <summary>
/// The periodic check. Each pass does one bounded step of each kind, in order: pending creations (and
/// stalled attempts), reset batches, refill, scaling-pool bootstrap, capacity scale-out. Passes never overlap.
/// </summary>
internal sealed class PoolMaintenance(OrchestratorContext context, PoolRefill refill, ResetWorker resetWorker,
    AttemptRunner attempts, WorkerScaling scaling, BackgroundWork background)
{
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>Starts the periodic loop in the background.</summary>
    public void Start() => background.Run(LoopAsync);

    /// <summary>Asks for a pass now, in the background.</summary>
    public void Trigger() => background.Run(CheckAsync);

    /// <summary>One pass of the check.</summary>
    public async Task CheckAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await refill.ResumeIntentsAsync(ct).ConfigureAwait(false);
            attempts.ResumeUnfinished();
            await resetWorker.RunAsync(ct).ConfigureAwait(false);
            await refill.RefillAsync(ct).ConfigureAwait(false);
            scaling.EnsureInitialWorkers();
            await scaling.CheckCapacityAsync(ct).ConfigureAwait(false);
            // Canisters created by this pass wait in PendingReset: reset them now rather than a period later.
            await resetWorker.RunAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(context.Config.Pool.CheckInterval, context.Time);
        do
        {
            try { await CheckAsync(ct).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException) { context.Logger.LogBackgroundFailure(e, "pool check failed: " + e.Message); }
        } while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
    }
}
