using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Canic.Fsm.StateMachine;

namespace Canic.Fsm.Benchmarks.Engine;

/// <summary>Events that do not transition, against a raw single-reader channel moving the same number of items.</summary>
[EngineJob]
public class EngineEventThroughput
{
    private const int Items = 100_000;
    private static readonly Event Ignored = _ => null;

    private readonly Countdown _countdown = new();
    private readonly Channel<long> _channel = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Machine _machine = new();

    [GlobalSetup]
    public void Setup()
    {
        _ = DrainAsync();
        _machine.Start(new Resting());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _channel.Writer.TryComplete();
        _machine.StopAsync().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Items)]
    public Task RawChannelItems()
    {
        Task done = _countdown.Reset(1);
        for (long i = 0; i < Items; i++) _channel.Writer.TryWrite(i);
        return done;
    }

    [Benchmark(OperationsPerInvoke = Items)]
    public Task MachineEventsWithoutTransition() => _machine.ScheduleAll(Ignored, Items - 1);  // and the one that signals

    // Counts on the reader only, with no interlocked operation per item, as the machine's loop does.
    private async Task DrainAsync()
    {
        var reader = _channel.Reader;
        long read = 0;
        while (await reader.WaitToReadAsync())
            while (reader.TryRead(out _))
                if (++read % Items == 0) _countdown.Signal();
    }
}
