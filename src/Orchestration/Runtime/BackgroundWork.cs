namespace Canic.Fsm.Orchestration.Runtime;

/// <summary>
/// Background tasks of one orchestrator: each is tracked until it ends, its errors are logged (never
/// unobserved), and <see cref="StopAsync"/> cancels them and waits for them. <see cref="WhenIdleAsync"/>
/// lets tests await quiescence instead of sleeping.
/// </summary>
internal sealed class BackgroundWork(Action<Exception> onError)
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _running = [];

    public CancellationToken Stopping => _stopping.Token;

    public void Run(Func<CancellationToken, Task> work)
    {
        if (_stopping.IsCancellationRequested) return;
        var task = Task.Run(async () =>
        {
            // Background work belongs to no caller's trace (an attempt that asked for a pool check is not its parent).
            System.Diagnostics.Activity.Current = null;
            try { await work(_stopping.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested) { }
            catch (Exception e) { onError(e); }
        });
        lock (_lock) _running.Add(task);
        task.ContinueWith(t => { lock (_lock) _running.Remove(t); }, TaskScheduler.Default);
    }

    /// <summary>Waits until no background task runs (new ones started meanwhile are awaited too).</summary>
    public async Task WhenIdleAsync()
    {
        while (true)
        {
            Task[] running;
            lock (_lock) running = [.. _running];
            if (running.Length == 0) return;
            await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await WhenIdleAsync().ConfigureAwait(false);
    }
}
