using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Store;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Benchmarks.Store;

/// <summary>
/// Group commit: 64 reservations (each create + commit, each its own unit of work) made by concurrent callers, against
/// 64 raw Dapper single-row insert + commits on the same file in the same run. Figures are per reservation.
/// </summary>
[SimpleJob(RunStrategy.Throughput, warmupCount: 2, iterationCount: 5)]
public class ConcurrentReservationBenchmarks
{
    private const int Callers = 64;
    private const int Threads = 8;
    private static readonly Cycles One = new(1);
    private OrchestrationStore _store = null!;
    private SqliteConnection _raw = null!;
    private long _n;

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

    /// <summary>The baseline: 64 Dapper single-row insert + commits, one after the other.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Callers)]
    public void DapperInsertCommits()
    {
        for (var i = 0; i < Callers; i++)
        {
            using var tx = _raw.BeginTransaction();
            _raw.Execute("INSERT INTO baseline_rows (budget_id, attempt_id, amount, status, created_at) VALUES (@b, @a, @amount, 'Open', @at)",
                new { b = "bench", a = "attempt", amount = 1L, at = ++_n }, tx);
            tx.Commit();
        }
    }

    /// <summary>64 callers each awaiting WriteAsync(reserve) at once.</summary>
    [Benchmark(OperationsPerInvoke = Callers)]
    public Task ReserveCommitAsyncCallers()
    {
        var calls = new Task<Reservation>[Callers];
        for (var i = 0; i < Callers; i++) calls[i] = _store.WriteAsync(tx => tx.Reservations.Reserve("bench", "attempt", One));
        return Task.WhenAll(calls);
    }

    /// <summary>8 threads, each making 8 reservations with the blocking Write (as the orchestrator's machines do).</summary>
    [Benchmark(OperationsPerInvoke = Callers)]
    public void ReserveCommitBlockingThreads() =>
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, _ =>
        {
            for (var i = 0; i < Callers / Threads; i++) _store.Reserve("bench", "attempt", One);
        });
}
