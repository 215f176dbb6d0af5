using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Canic.Fsm.StateMachine;

namespace Canic.Fsm.Benchmarks.Engine;

/// <summary>
/// 100,000 machines at once. Retained memory per machine is measured as the difference of
/// GC.GetTotalMemory(forceFullCollection: true) before creating the machines and once every one has
/// entered its state (machine, its queue, scheduler loop, state object, run and its cancellation), and
/// printed as ENGINE-RETAINED lines; MemoryDiagnoser adds the bytes allocated per machine.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class EngineMachinePopulation
{
    private const int Machines = 100_000;

    private readonly Machine[] _machines = new Machine[Machines];
    private readonly Countdown _countdown = new();

    [IterationCleanup]
    public void StopAll()
    {
        Task.WhenAll(_machines.Where(machine => machine is not null).Select(machine => machine.StopAsync())).GetAwaiter().GetResult();
        Array.Clear(_machines);
    }

    [Benchmark(OperationsPerInvoke = Machines)]
    public Task StartIdleMachines() => StartAndMeasureAsync("idle", () => new Entered(_countdown));

    [Benchmark(OperationsPerInvoke = Machines)]
    public Task StartMachinesWithAwaitingRun() => StartAndMeasureAsync("awaiting", () => new Awaiting(_countdown));

    [Benchmark]
    public async Task StartAndStop100000Machines()
    {
        Task entered = StartAllAsync(() => new Entered(_countdown));
        await entered;
        await Task.WhenAll(_machines.Select(machine => machine.StopAsync()));
        Array.Clear(_machines);
    }

    private async Task StartAndMeasureAsync(string kind, Func<State> initial)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        await StartAllAsync(initial);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// ENGINE-RETAINED {kind} {(after - before) / (double)Machines:F0} bytes per machine");
    }

    private Task StartAllAsync(Func<State> initial)
    {
        Task entered = _countdown.Reset(Machines);
        for (int i = 0; i < Machines; i++)
        {
            _machines[i] = new Machine();
            _machines[i].Start(initial());
        }
        return entered;
    }
}
