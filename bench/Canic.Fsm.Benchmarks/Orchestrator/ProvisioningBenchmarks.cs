using Canic.Fsm.Tests.Shared;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;
using Canic.Fsm.Orchestration.Runtime;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Benchmarks.Orchestrator;

/// <summary>
/// Provisioning attempts end to end against the zero-latency SimulatedIc on a WAL file, against a raw single-row
/// insert + commit on the same kind of file (the baseline): a new canister each (the request, the creation intent, the adoption,
/// registry, commit), submitted by one sequential caller or by concurrent callers, and a Ready pool canister each
/// (the pool is filled before the iteration). Commits per attempt are printed by the iteration cleanup.
/// Run: dotnet run -c Release --project bench/Canic.Fsm.Benchmarks -- --filter '*ProvisioningBenchmarks*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class ProvisioningBenchmarks
{
    private const int Attempts = 500;
    private static readonly Principal Self = BenchOrchestrator.Self;
    private string _dir = "";
    private SimulatedIc _ic = null!;
    private Orchestration.Orchestrator _orchestrator = null!;
    private SqliteConnection _raw = null!;
    private long _commitsBefore;

    [IterationSetup(Targets = [nameof(RawInsertCommit), nameof(ProvisionNewCanister), nameof(ProvisionNewCanisterConcurrentCallers)])]
    public void Setup() => Open(poolSize: 0);

    /// <summary>Fills the pool with one Ready canister per attempt (refill and reset run before the measurement).</summary>
    [IterationSetup(Target = nameof(ProvisionFromPoolConcurrentCallers))]
    public void SetupFullPool() => Open(poolSize: Attempts);

    private void Open(int poolSize)
    {
        _dir = Directory.CreateTempSubdirectory("canic-bench-").FullName;
        _ic = new SimulatedIc(new SimulatedIcOptions { CanisterIdRangeEnd = (1UL << 40) });
        _ic.Mint(new Account(Self), Cycles.Parse("100000000T"));
        _orchestrator = BenchOrchestrator.Open(BenchOrchestrator.Config(_ic.Options.CanisterCreationFee, poolSize), Path.Combine(_dir, "o.db"), _ic);
        _orchestrator.RunToQuiescenceAsync(maxPasses: 10 * Attempts).GetAwaiter().GetResult();
        if (_orchestrator.GetPoolSummary().Ready != poolSize) throw new InvalidOperationException($"pool not filled: {_orchestrator.GetPoolSummary()}");
        _commitsBefore = _orchestrator.Persistence.Commits;
        _raw = new SqliteConnection($"Data Source={Path.Combine(_dir, "raw.db")}");
        _raw.Open();
        using var pragma = _raw.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)";
        pragma.ExecuteNonQuery();
    }

    [IterationCleanup]
    public void Cleanup()
    {
        var commits = _orchestrator.Persistence.Commits - _commitsBefore;
        if (commits > 0) Console.WriteLine($"// commits per attempt: {(double)commits / Attempts:0.00}");
        _orchestrator.StopAsync().GetAwaiter().GetResult();
        _raw.Dispose();
        _ic.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Attempts)]
    public void RawInsertCommit()
    {
        using var cmd = _raw.CreateCommand();
        cmd.CommandText = "INSERT INTO t (v) VALUES ('x')";
        for (var i = 0; i < Attempts; i++)
        {
            using var tx = _raw.BeginTransaction();
            cmd.Transaction = tx;
            cmd.ExecuteNonQuery();
            tx.Commit();
        }
    }

    /// <summary>One caller submitting attempts one after another (each ProvisionAsync awaits its request's commit), 500 in flight.</summary>
    [Benchmark(OperationsPerInvoke = Attempts)]
    public void ProvisionNewCanister()
    {
        var ids = new List<long>(Attempts);
        for (var i = 0; i < Attempts; i++) ids.Add(_orchestrator.ProvisionAsync("app").GetAwaiter().GetResult());
        WaitForAll(ids);
    }

    /// <summary>Attempts submitted by concurrent callers (as requests to the worker's API arrive), each a new canister.</summary>
    [Benchmark(OperationsPerInvoke = Attempts)]
    public void ProvisionNewCanisterConcurrentCallers() => WaitForAll(SubmitConcurrently());

    /// <summary>Attempts submitted by concurrent callers, each claiming a Ready pool canister.</summary>
    [Benchmark(OperationsPerInvoke = Attempts)]
    public void ProvisionFromPoolConcurrentCallers() => WaitForAll(SubmitConcurrently());

    private long[] SubmitConcurrently() =>
        Task.WhenAll(Enumerable.Range(0, Attempts).Select(_ => _orchestrator.ProvisionAsync("app"))).GetAwaiter().GetResult();

    private void WaitForAll(IEnumerable<long> ids)
    {
        foreach (var id in ids)
        {
            var done = _orchestrator.WaitForAttemptAsync(id).GetAwaiter().GetResult();
            if (done.State != "Committed") throw new InvalidOperationException($"attempt {id} ended {done.State}: {done.Reason}");
        }
    }
}
