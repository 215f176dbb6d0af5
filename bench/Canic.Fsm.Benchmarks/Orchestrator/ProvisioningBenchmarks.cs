using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Ic;
using Canic.Fsm.Orchestration.Ic.Simulated;
using Canic.Fsm.Orchestration.Runtime;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Benchmarks.Orchestrator;

/// <summary>
/// Provisioning attempts end to end (new canister each: C1, creation intent, adoption, registry, commit)
/// against the zero-latency SimulatedIc on a WAL file, against a raw single-row insert + commit on the
/// same kind of file (the baseline). Commits per attempt are printed by the global cleanup.
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

    [IterationSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("canic-bench-").FullName;
        _ic = new SimulatedIc(new SimulatedIcOptions { CanisterIdRangeEnd = (1UL << 40) });
        _ic.Mint(new Account(Self), Cycles.Parse("100000000T"));
        _orchestrator = BenchOrchestrator.Open(BenchOrchestrator.Config(_ic.Options.CanisterCreationFee), Path.Combine(_dir, "o.db"), _ic);
        _commitsBefore = _orchestrator.Context.Commits;
        _raw = new SqliteConnection($"Data Source={Path.Combine(_dir, "raw.db")}");
        _raw.Open();
        using var pragma = _raw.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)";
        pragma.ExecuteNonQuery();
    }

    [IterationCleanup]
    public void Cleanup()
    {
        var commits = _orchestrator.Context.Commits - _commitsBefore;
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

    [Benchmark(OperationsPerInvoke = Attempts)]
    public void ProvisionNewCanister()
    {
        var ids = new List<long>(Attempts);
        for (var i = 0; i < Attempts; i++) ids.Add(_orchestrator.ProvisionAsync("app").GetAwaiter().GetResult());
        foreach (var id in ids)
        {
            var done = _orchestrator.WaitForAttemptAsync(id).GetAwaiter().GetResult();
            if (done.State != "Committed") throw new InvalidOperationException($"attempt {id} ended {done.State}: {done.Reason}");
        }
    }
}
