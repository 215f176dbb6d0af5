using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Store;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Benchmarks.Store;

/// <summary>
/// Commits per second of the store's reservation operations against a raw Dapper single-row insert + commit on the
/// same file, with the same pragmas (WAL, synchronous=NORMAL), in the same run.
/// </summary>
[SimpleJob(RunStrategy.Throughput, warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser]
public class ReservationBenchmarks
{
    private OrchestrationStore _store = null!;
    private SqliteConnection _raw = null!;
    private long _n;
    private static readonly Cycles One = new(1);

    [GlobalSetup]
    public void Setup()
    {
        _store = OrchestrationStore.OpenTemporary();
        _store.TryCreateBudget("bench", new Cycles(long.MaxValue / 2));
        _raw = new ConnectionFactory(_store.Path, TimeSpan.FromSeconds(5)).OpenWriter();
        _raw.Execute("CREATE TABLE baseline_rows (id INTEGER PRIMARY KEY, budget_id TEXT NOT NULL, attempt_id TEXT NOT NULL, amount INTEGER NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL)");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _store.Dispose();
    }

    /// <summary>The baseline: one row shaped like a reservation, inserted by Dapper, committed.</summary>
    [Benchmark(Baseline = true)]
    public void DapperInsertCommit()
    {
        using var tx = _raw.BeginTransaction();
        _raw.Execute("INSERT INTO baseline_rows (budget_id, attempt_id, amount, status, created_at) VALUES (@b, @a, @amount, 'Open', @at)",
            new { b = "bench", a = "attempt", amount = 1L, at = ++_n }, tx);
        tx.Commit();
    }

    /// <summary>Reserve = check-and-deduct free + insert the reservation, one commit.</summary>
    [Benchmark]
    public long ReserveCommit() => _store.Reserve("bench", "attempt", One).Id;

    /// <summary>The full cycle: reserve (one commit), then settle (a second commit).</summary>
    [Benchmark]
    public bool ReserveSettleCycle() => _store.Settle(_store.Reserve("bench", "attempt", One).Id, One);
}
