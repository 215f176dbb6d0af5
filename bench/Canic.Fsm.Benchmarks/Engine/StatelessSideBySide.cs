using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Canic.Fsm.StateMachine;
using Stateless;

namespace Canic.Fsm.Benchmarks.Engine;

/// <summary>The two states and the one trigger of every Stateless machine in these benchmarks.</summary>
public enum Side { A, B }

/// <summary>The trigger that toggles between <see cref="Side.A"/> and <see cref="Side.B"/>.</summary>
public enum Toggle { Go }

/// <summary>Builds the configured two-state Stateless machine the side-by-side benchmarks compare against.</summary>
public static class StatelessMachines
{
    public static StateMachine<Side, Toggle> Toggling()
    {
        var machine = new StateMachine<Side, Toggle>(Side.A);
        machine.Configure(Side.A).Permit(Toggle.Go, Side.B);
        machine.Configure(Side.B).Permit(Toggle.Go, Side.A);
        return machine;
    }
}

/// <summary>
/// (a) Toggling between two states, driven from outside: Stateless <c>Fire</c> (synchronous, on the caller) against
/// the engine's <c>Schedule</c> (queued, handled by the loop, each transition cancelling a run that has already
/// returned), until the last transition has been taken.
/// </summary>
[EngineJob]
public class StatelessSideBySideToggle
{
    private const int Transitions = 100_000;
    private static readonly State Left = new Resting();
    private static readonly State Right = new Resting();
    private static readonly Event Flip = current => ReferenceEquals(current, Left) ? Right : Left;

    private readonly Machine _machine = new();
    private readonly StateMachine<Side, Toggle> _stateless = StatelessMachines.Toggling();

    [GlobalSetup]
    public void Setup() => _machine.Start(Left);

    [GlobalCleanup]
    public void Cleanup() => _machine.StopAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Transitions)]
    public void StatelessFire()
    {
        for (int i = 0; i < Transitions; i++) _stateless.Fire(Toggle.Go);
    }

    [Benchmark(OperationsPerInvoke = Transitions)]
    public Task MachineSchedule() => _machine.ScheduleAll(Flip, Transitions);
}

/// <summary>
/// (b) A state whose work awaits once (<c>Task.Yield</c>) and then moves on: Stateless <c>FireAsync</c> into a
/// state whose <c>OnEntryAsync</c> yields, fired again once it has returned, against the engine's
/// <c>RunAsync</c> that yields and returns the next state.
/// </summary>
[EngineJob]
public class StatelessSideBySideAwaitingWork
{
    private const int Transitions = 20_000;

    private readonly Countdown _countdown = new();
    private readonly Machine _machine = new();
    private readonly StateMachine<Side, Toggle> _stateless = new(Side.A);
    private Yielding _first = null!;

    [GlobalSetup]
    public void Setup()
    {
        _stateless.Configure(Side.A).Permit(Toggle.Go, Side.B).OnEntryAsync(static async () => await Task.Yield());
        _stateless.Configure(Side.B).Permit(Toggle.Go, Side.A).OnEntryAsync(static async () => await Task.Yield());
        _first = new Yielding(_countdown);
        _first.Partner = new Yielding(_countdown) { Partner = _first };
        _machine.Start(new Resting());
    }

    [GlobalCleanup]
    public void Cleanup() => _machine.StopAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Transitions)]
    public async Task StatelessFireAsyncWithOnEntryAsync()
    {
        for (int i = 0; i < Transitions; i++) await _stateless.FireAsync(Toggle.Go);
    }

    [Benchmark(OperationsPerInvoke = Transitions)]
    public Task MachineRunAsyncReturningNext()
    {
        Task done = _countdown.Reset(Transitions);
        _machine.Schedule(_ => _first);
        return done;
    }

    /// <summary>Yields once, then returns its partner until the countdown ends.</summary>
    private sealed class Yielding(Countdown countdown) : State
    {
        public Yielding Partner { get; set; } = null!;

        public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return countdown.Signal() ? Partner : null;
        }
    }
}

/// <summary>
/// (c) Retained bytes per machine, 100,000 of them: a configured two-state Stateless machine against a started idle
/// engine machine (its initial state entered, its run returned). Printed as <c>// SIDE-BY-SIDE-RETAINED</c> lines
/// (<c>GC.GetTotalMemory(true)</c> after minus before, over the count); the array holding them is not counted.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class StatelessSideBySideMemory
{
    private const int Machines = 100_000;

    private readonly object[] _machines = new object[Machines];
    private readonly Countdown _countdown = new();

    [IterationCleanup]
    public void Release()
    {
        foreach (var machine in _machines)
            if (machine is Machine engine) engine.StopAsync().GetAwaiter().GetResult();
        Array.Clear(_machines);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Machines)]
    public Task ConfiguredStatelessMachines() => MeasureAsync("stateless", () =>
    {
        for (int i = 0; i < Machines; i++) _machines[i] = StatelessMachines.Toggling();
        return Task.CompletedTask;
    });

    [Benchmark(OperationsPerInvoke = Machines)]
    public Task StartedIdleMachines() => MeasureAsync("engine", () =>
    {
        Task entered = _countdown.Reset(Machines);
        for (int i = 0; i < Machines; i++)
        {
            var machine = new Machine();
            machine.Start(new Entered(_countdown));
            _machines[i] = machine;
        }
        return entered;
    });

    private static async Task MeasureAsync(string kind, Func<Task> create)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        await create();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// SIDE-BY-SIDE-RETAINED {kind} {(after - before) / (double)Machines:F0} bytes per machine");
    }
}
