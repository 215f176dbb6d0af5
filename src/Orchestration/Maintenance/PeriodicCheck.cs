using Microsoft.Extensions.Logging;
using Canic.Fsm.Orchestration.Pool;
using Canic.Fsm.Orchestration.Provisioning;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Scaling;

namespace Canic.Fsm.Orchestration.Maintenance;

/// <summary>
/// The periodic check. Each pass does one bounded step of each kind, in order: pending creations (and
/// stalled attempts), reset batches, refill, scaling-pool bootstrap, capacity scale-out. Passes never overlap.
/// It sits above the pool, provisioning and scaling workflows because it drives all three.
/// </summary>
internal sealed class PeriodicCheck(TimeSpan interval, TimeProvider time, ILogger logger, PoolRefill refill, ResetWorker resetWorker,
    AttemptRunner attempts, WorkerScaling scaling, BackgroundWork background)
{
    private readonly SemaphoreSlim _pass = new(1, 1);
    private int _queued;
    private int _passes;

    /// <summary>Passes started so far (of every origin).</summary>
    public int Passes => Volatile.Read(ref _passes);

    /// <summary>Starts the periodic loop in the background.</summary>
    public void Start() => background.Run(LoopAsync);

    /// <summary>
    /// Asks for a pass now, in the background. Coalesced: however often it is asked for, at most one
    /// pass waits behind the running one, and it starts after the request, so no request is lost.
    /// </summary>
    public void Trigger()
    {
        if (Interlocked.Exchange(ref _queued, 1) == 1) return;
        background.Run(ct => CheckAsync(ct, fromTrigger: true));
    }

    /// <summary>One pass of the check.</summary>
    public Task CheckAsync(CancellationToken ct) => CheckAsync(ct, fromTrigger: false);

    private async Task CheckAsync(CancellationToken ct, bool fromTrigger)
    {
        await _pass.WaitAsync(ct).ConfigureAwait(false);
        if (fromTrigger) Volatile.Write(ref _queued, 0);
        Interlocked.Increment(ref _passes);
        try
        {
            await refill.ResumeIntentsAsync(ct).ConfigureAwait(false);
            attempts.ResumeUnfinished();
            await resetWorker.RunAsync(ct).ConfigureAwait(false);
            await refill.RefillAsync(ct).ConfigureAwait(false);
            await scaling.EnsureInitialWorkersAsync(ct).ConfigureAwait(false);
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
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try { await CheckAsync(ct).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogBackgroundFailure(e, "pool check failed: " + e.Message); }
        } while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
    }
}
