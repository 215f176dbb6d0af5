using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Store;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Benchmarks.Store;

/// <summary>
/// Commits per second of the store's reservation operations, in the same run and on the same file with the same
/// pragmas (WAL, synchronous=NORMAL), against two yardsticks: a raw Dapper single-row insert + commit (the old
/// baseline, which does less work than a reservation), and the fair one: the same writes as a reservation issued by
/// hand with Dapper in one transaction (deduct the budget's free cycles with the free-funds check, insert the
/// reservation row, which also updates the open-reservations index), then commit.
/// </summary>
[SimpleJob(RunStrategy.Throughput, warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser]
public class ReservationBenchmarks
{
    private OrchestrationStore _store = null!;
    private SqliteConnection _raw = null!;
    private long _n;
    private static readonly Cycles One = new(1);
    private const string HandBudget = "bench-by-hand";

    [GlobalSetup]
    public void Setup()
    {
        _store = OrchestrationStore.OpenTemporary();
        _store.TryCreateBudget("bench", new Cycles(long.MaxValue / 2));
        _raw = new ConnectionFactory(_store.Path, TimeSpan.FromSeconds(5)).OpenWriter();
        _store.TryCreateBudget(HandBudget, new Cycles(long.MaxValue / 2));
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

    /// <summary>
    /// The fair yardstick: what <see cref="ReservationCommands.Reserve"/> writes, by hand with Dapper in one transaction
    /// (on its own budget row, so that both share the table and its index but not a row).
    /// </summary>
    [Benchmark]
    public long HandWrittenReserveCommit()
    {
        using var tx = _raw.BeginTransaction();
        var deducted = _raw.Execute("UPDATE cycles_budgets SET free = free - @amount WHERE id = @id AND free >= @amount",
            new { id = HandBudget, amount = 1L }, tx);
        if (deducted != 1) throw new InvalidOperationException("the hand-written reservation found the budget short");
        var id = _raw.ExecuteScalar<long>(
            "INSERT INTO reservations (budget_id, attempt_id, amount, status, spent, created_at) VALUES (@budget, @attempt, @amount, 'Open', NULL, @now) RETURNING id",
            new { budget = HandBudget, attempt = "attempt", amount = 1L, now = ++_n }, tx);
        tx.Commit();
        return id;
    }

    /// <summary>Reserve = check-and-deduct free + insert the reservation, one commit.</summary>
    [Benchmark]
    public long ReserveCommit() => _store.Reserve("bench", "attempt", One).Id;

    /// <summary>The full cycle: reserve (one commit), then settle (a second commit).</summary>
    [Benchmark]
    public bool ReserveSettleCycle() => _store.Settle(_store.Reserve("bench", "attempt", One).Id, One);
}
