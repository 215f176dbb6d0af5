using BenchmarkDotNet.Attributes;
using Canic.Fsm.Benchmarks.Engine;
using Canic.Fsm.StateMachine.Stateless;
using Stateless;

namespace Canic.Fsm.Benchmarks.Stateless;

/// <summary>
/// Asynchronous work in every state: Stateless's <c>FireAsync</c> of a state whose <c>OnEntryAsync</c> awaits
/// once, against the runtime's activity that awaits once and then returns the next trigger (the machine
/// toggles by itself; an entry action counts the transitions). A third method is the floor under both: the same
/// await followed by Stateless's synchronous <c>Fire</c>, on one task, with no runtime at all.
/// </summary>
[EngineJob]
public class StatelessAsyncWork
{
    private const int Transitions = 20_000;

    private readonly Countdown _countdown = new();
    private StateMachine<Lamp, Switch> _plain = null!;
    private StateMachine<Lamp, Switch> _synchronous = null!;
    private StatelessMachine<Lamp, Switch> _runtime = null!;
    private volatile bool _running;

    [GlobalSetup]
    public void Setup()
    {
        _plain = Toggle.Plain(entryAsync: async () => await Task.Yield());
        _synchronous = Toggle.Plain();
        _runtime = Toggle.Runtime(entry: () => _countdown.Signal());
        _runtime.Activity(Lamp.Off, Work).Activity(Lamp.On, Work);
    }

    // Awaits once, then flips, while a measurement is running (idle otherwise).
    private async Task<Switch> Work(CancellationToken cancellation)
    {
        await Task.Yield();
        if (!_running) await Task.Delay(Timeout.Infinite, cancellation);
        return Switch.Flip;
    }

    // Awaits once, then flips: the work of one state, without a state machine around it.
    private static async Task<Switch> AwaitOnce()
    {
        await Task.Yield();
        return Switch.Flip;
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.StopAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Transitions)]
    public async Task StatelessFireAsyncWithAwaitingEntry()
    {
        for (int i = 0; i < Transitions; i++) await _plain.FireAsync(Switch.Flip);
    }

    [Benchmark(OperationsPerInvoke = Transitions)]
    public async Task RuntimeActivityFiringTheNextTrigger()
    {
        Task done = _countdown.Reset(Transitions);
        _running = true;
        _runtime.Start();
        await done;
        _running = false;
        await _runtime.StopAsync();
    }

    [Benchmark(OperationsPerInvoke = Transitions)]
    public async Task FloorAwaitThenSynchronousFire()
    {
        for (int i = 0; i < Transitions; i++) _synchronous.Fire(await AwaitOnce());
    }
}
