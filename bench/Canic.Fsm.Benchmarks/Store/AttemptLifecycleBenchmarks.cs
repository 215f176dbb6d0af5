using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Store;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Benchmarks.Store;

/// <summary>
/// The orchestrator's write pace: one provisioning attempt from request to commit in six commits (insert, five
/// compare-and-set transitions with their history rows, a reservation made and settled on the way), against six raw
/// Dapper single-row insert + commits on the same file.
/// </summary>
[SimpleJob(RunStrategy.Throughput, warmupCount: 2, iterationCount: 5)]
public class AttemptLifecycleBenchmarks
{
    private const int ConcurrentAttempts = 16;
    private static readonly Cycles Amount = Cycles.Parse("1T");
    private OrchestrationStore _store = null!;
    private SqliteConnection _raw = null!;
    private long _n;

    [GlobalSetup]
    public void Setup()
    {
        _store = OrchestrationStore.OpenTemporary();
        _store.TryCreateBudget("bench", new Cycles(long.MaxValue / 2));
        _raw = new ConnectionFactory(_store.Path, TimeSpan.FromSeconds(5)).OpenWriter();
        _raw.Execute("CREATE TABLE baseline_rows (id INTEGER PRIMARY KEY, attempt_id TEXT NOT NULL, state TEXT NOT NULL, at INTEGER NOT NULL)");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _store.Dispose();
    }

    /// <summary>Six Dapper single-row insert + commits.</summary>
    [Benchmark(Baseline = true)]
    public void SixDapperInsertCommits()
    {
        var id = $"a{++_n}";
        for (var i = 0; i < 6; i++)
        {
            using var tx = _raw.BeginTransaction();
            _raw.Execute("INSERT INTO baseline_rows (attempt_id, state, at) VALUES (@id, 'Requested', @i)", new { id, i }, tx);
            tx.Commit();
        }
    }

    /// <summary>One attempt, request to commit, six commits.</summary>
    [Benchmark]
    public void AttemptSixCommits() => RunAttempt($"b{++_n}");

    /// <summary>
    /// 16 attempts run by 8 threads at once with the blocking Write, as the orchestrator's machines do: their commits
    /// are shared by group commit. Figures are per attempt.
    /// </summary>
    [Benchmark(OperationsPerInvoke = ConcurrentAttempts)]
    public void ConcurrentAttemptsBlockingThreads()
    {
        var round = Interlocked.Increment(ref _n);
        Parallel.For(0, ConcurrentAttempts, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => RunAttempt($"c{round}-{i}"));
    }

    private void RunAttempt(string id)
    {
        var now = DateTimeOffset.UtcNow;
        var attempt = new ProvisioningAttempt(id, "app", null, AttemptState.Requested, null, null, null, null, null, null, now, now);
        _store.Write(tx => tx.Attempts.TryInsert(attempt));
        attempt = Step(attempt, attempt with { State = AttemptState.ModuleResolved, ModuleHash = "cafe" });
        attempt = _store.Write(tx =>
        {
            var r = tx.Reservations.Reserve("bench", attempt.Id, Amount);
            var next = attempt with { State = AttemptState.Reserved, ReservationId = r.Id };
            StoreTransaction.Require(tx.Attempts.TryTransition(next, attempt.State), "reserve");
            return next;
        });
        attempt = Step(attempt, attempt with { State = AttemptState.Allocated, Pid = Principal.Anonymous, AllocationSource = AllocationSource.New });
        attempt = Step(attempt, attempt with { State = AttemptState.Installing });
        _store.Write(tx =>
        {
            tx.Reservations.Settle(attempt.ReservationId!.Value, Amount);
            StoreTransaction.Require(tx.Attempts.TryTransition(attempt with { State = AttemptState.Committed }, attempt.State), "commit");
        });
    }

    private ProvisioningAttempt Step(ProvisioningAttempt from, ProvisioningAttempt to)
    {
        _store.Write(tx => StoreTransaction.Require(tx.Attempts.TryTransition(to, from.State), "step"));
        return to;
    }
}
