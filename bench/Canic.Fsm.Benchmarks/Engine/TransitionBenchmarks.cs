using BenchmarkDotNet.Attributes;
using Canic.Fsm.StateMachine;

namespace Canic.Fsm.Benchmarks.Engine;

/// <summary>Transitions whose run returns the next state at once, against a ping-pong with synchronous continuations.</summary>
[EngineJob]
public class EngineSynchronousTransitions
{
    private const int Transitions = 100_000;

    private readonly Countdown _countdown = new();
    private readonly Machine _machine = new();
    private readonly PingPong _pingPong = new(synchronousContinuations: true);
    private Bouncer _first = null!;

    [GlobalSetup]
    public void Setup()
    {
        _first = new Bouncer(_countdown);
        var second = new Bouncer(_countdown) { Partner = _first };
        _first.Partner = second;
        _machine.Start(new Resting());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pingPong.Stop();
        _machine.StopAsync().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Transitions)]
    public Task SynchronousPingPong() => _pingPong.RoundTripsAsync(Transitions);

    [Benchmark(OperationsPerInvoke = Transitions)]
    public Task MachineTransitionsByRunResult()
    {
        Task done = _countdown.Reset(Transitions);
        _machine.Schedule(_ => _first);
        return done;
    }
}
