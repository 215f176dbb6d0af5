using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Canic.Fsm.StateMachine.Stateless;
using Stateless;

namespace Canic.Fsm.Benchmarks.Stateless;

/// <summary>
/// Retained memory per machine, 10,000 at once: a configured Stateless machine (two states, one trigger)
/// against the same declaration started on the runtime (entered its state, queue and loop waiting).
/// Measured as the difference of GC.GetTotalMemory(forceFullCollection: true) before creating them and once
/// they are all configured (and, for the runtime, started), printed as STATELESS-RETAINED lines.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class StatelessMachinePopulation
{
    private const int Machines = 10_000;

    private readonly object[] _machines = new object[Machines];

    [IterationCleanup]
    public void StopAll()
    {
        Task.WhenAll(_machines.OfType<StatelessMachine<Lamp, Switch>>().Select(machine => machine.StopAsync())).GetAwaiter().GetResult();
        Array.Clear(_machines);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Machines)]
    public void ConfiguredStatelessMachines()
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int i = 0; i < Machines; i++)
        {
            _machines[i] = Toggle.Plain();
        }
        Report("plain", before);
    }

    [Benchmark(OperationsPerInvoke = Machines)]
    public async Task StartedRuntimeMachines()
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int i = 0; i < Machines; i++)
        {
            var machine = Toggle.Runtime();
            machine.Start();
            _machines[i] = machine;
        }
        foreach (StatelessMachine<Lamp, Switch> machine in _machines)
            while (machine.Query(static state => state) is null) await Task.Yield();  // entered its state
        Report("runtime", before);
    }

    private static void Report(string kind, long before)
    {
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// STATELESS-RETAINED {kind} {(after - before) / (double)Machines:F0} bytes per machine");
    }
}
