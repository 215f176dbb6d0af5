using System.Threading.Channels;

namespace Canic.Fsm.Benchmarks.Engine;

/// <summary>
/// The least a machine with a cancellable awaiting run can do (docs/BENCHMARKS.md, Engine), as a yardstick for
/// the engine's cancel path: one channel of events, one loop, a CancellationTokenSource per run, the cancelled run awaited
/// without throwing. No chart, observers, faults, run results or sections. Every event here replaces
/// the state with a new one whose run awaits Task.Delay(Infinite, token), as Awaiting does.
/// </summary>
public sealed class MinimalMachine
{
    private readonly Channel<Func<object, object?>> _events =
        Channel.CreateUnbounded<Func<object, object?>>(new UnboundedChannelOptions { SingleReader = true });
    private object _state = new();
    private CancellationTokenSource _cancellation = new();
    private Task _run = Task.CompletedTask;

    public MinimalMachine() => _ = LoopAsync();

    public void Schedule(Func<object, object?> @event) => _events.Writer.TryWrite(@event);

    public void Stop()
    {
        _events.Writer.TryComplete();
        _cancellation.Cancel();
    }

    private async Task LoopAsync()
    {
        ChannelReader<Func<object, object?>> reader = _events.Reader;
        while (await reader.WaitToReadAsync())
            while (reader.TryRead(out Func<object, object?>? @event))
                if (@event(_state) is { } next)
                {
                    _cancellation.Cancel();
                    await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    _state = next;
                    _cancellation = new CancellationTokenSource();
                    _run = AwaitCancellationAsync(_cancellation.Token);
                }
    }

    private static async Task<object?> AwaitCancellationAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return null;
    }
}
