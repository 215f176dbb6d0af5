using BenchmarkDotNet.Attributes;
using Canic.Fsm.Benchmarks.Engine;
using Canic.Fsm.StateMachine.Stateless;
using Stateless;

namespace Canic.Fsm.Benchmarks.Stateless;

/// <summary>
/// Two states toggled by one trigger: Stateless's synchronous <c>Fire</c> on the caller's thread (its default,
/// queued firing mode) against the runtime's queued <c>Fire</c> from one producer, counted until the loop has
/// handled every trigger (an entry action counts them).
/// </summary>
[EngineJob]
public class StatelessQueuedFire
{
    private const int Triggers = 100_000;

    private readonly Countdown _countdown = new();
    private StateMachine<Lamp, Switch> _plain = null!;
    private StatelessMachine<Lamp, Switch> _runtime = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plain = Toggle.Plain();
        _runtime = Toggle.Runtime(entry: () => _countdown.Signal());
        _runtime.Start();
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.StopAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Triggers)]
    public void StatelessSynchronousFire()
    {
        for (int i = 0; i < Triggers; i++) _plain.Fire(Switch.Flip);
    }

    [Benchmark(OperationsPerInvoke = Triggers)]
    public Task RuntimeQueuedFire()
    {
        Task done = _countdown.Reset(Triggers);
        for (int i = 0; i < Triggers; i++) _runtime.Fire(Switch.Flip);
        return done;
    }
}
