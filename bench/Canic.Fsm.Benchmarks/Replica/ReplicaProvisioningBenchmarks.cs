using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Canic.Fsm.Benchmarks.Orchestrator;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Benchmarks.Replica;

/// <summary>
/// Provisioning attempts (each a new canister: ledger create_canister, update_settings, install_code) submitted by 500
/// concurrent callers, end to end until every attempt is Committed, on a WAL file: through the embedded SimulatedIc
/// (the baseline: no HTTP, no signatures, no certificates) and through the worker's http backend against the
/// development replica on loopback (in-process Kestrel: request signing, the replica's checks, BLS-signed certificates
/// verified by the agent). The ratio is the cost of the real protocol. IC requests per attempt are printed by the
/// iteration cleanup (// REPLICA-CALLS).
/// Three warmup iterations (the tiered JIT is still at work after one) and server GC, as the worker runs (see
/// <see cref="ReplicaLatencyBenchmarks"/>), for both.
/// Run: dotnet run -c Release --project bench/Canic.Fsm.Benchmarks -- --filter '*ReplicaProvisioningBenchmarks*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 3, invocationCount: 1)]
[GcServer(true)]
public class ReplicaProvisioningBenchmarks
{
    private const int Attempts = 500;
    private static readonly Cycles Mint = Cycles.Parse("100000000T");
    private string _dir = "";
    private SimulatedIc? _ic;
    private BenchReplica? _replica;
    private Orchestration.Orchestrator _orchestrator = null!;
    private (long Calls, long Reads) _before;

    [IterationSetup(Target = nameof(EmbeddedSimulatedIc))]
    public void SetupEmbedded()
    {
        _dir = Directory.CreateTempSubdirectory("canic-bench-replica-").FullName;
        _ic = new SimulatedIc(new SimulatedIcOptions { CanisterIdRangeEnd = 1UL << 40 });
        _ic.Mint(new Account(BenchOrchestrator.Self), Mint);
        _orchestrator = BenchOrchestrator.Open(BenchOrchestrator.Config(_ic.Options.CanisterCreationFee), Path.Combine(_dir, "o.db"), _ic);
    }

    [IterationSetup(Target = nameof(HttpReplica))]
    public void SetupReplica()
    {
        _dir = Directory.CreateTempSubdirectory("canic-bench-replica-").FullName;
        _replica = BenchReplica.Start(Mint);
        _orchestrator = BenchOrchestrator.Open(BenchOrchestrator.Config(_replica.Server.Ic.Options.CanisterCreationFee), Path.Combine(_dir, "o.db"),
            _replica.Management, _replica.Ledger);
        _before = (_replica.UpdateCalls, _replica.ReadStates);
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _orchestrator.StopAsync().GetAwaiter().GetResult();
        if (_replica is not null)
        {
            Console.WriteLine($"// REPLICA-CALLS per attempt: {(double)(_replica.UpdateCalls - _before.Calls) / Attempts:0.00} update calls, " +
                $"{(double)(_replica.ReadStates - _before.Reads) / Attempts:0.00} read_state");
            _replica.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _replica = null;
        }
        _ic?.Dispose();
        _ic = null;
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    /// <summary>The orchestrator on the in-process SimulatedIc, as the worker's default <c>Ic:Backend=simulated</c>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Attempts)]
    public void EmbeddedSimulatedIc() => ProvisionConcurrently(_orchestrator, Attempts);

    /// <summary>The orchestrator through the http backend against the development replica on loopback.</summary>
    [Benchmark(OperationsPerInvoke = Attempts)]
    public void HttpReplica() => ProvisionConcurrently(_orchestrator, Attempts);

    /// <summary>Submits <paramref name="attempts"/> attempts from as many concurrent callers and waits until every one is Committed.</summary>
    internal static void ProvisionConcurrently(Orchestration.Orchestrator orchestrator, int attempts)
    {
        var ids = Task.WhenAll(Enumerable.Range(0, attempts).Select(_ => Task.Run(() => orchestrator.ProvisionAsync("app")))).GetAwaiter().GetResult();
        var done = Task.WhenAll(ids.Select(id => orchestrator.WaitForAttemptAsync(id))).GetAwaiter().GetResult();
        if (done.FirstOrDefault(a => a.State != "Committed") is { } failed)
            throw new InvalidOperationException($"attempt {failed.Id} ended {failed.State}: {failed.Reason}");
    }
}
