using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Store;
using Dapper;

namespace Canic.Fsm.Benchmarks.Store;

/// <summary>
/// Start-up recovery: loading 100,000 pool rows (all PendingReset) as validated domain records, against Dapper
/// mapping the same rows to raw strings and integers (no validation) in the same run.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, warmupCount: 1, iterationCount: 5)]
public class PoolLoadBenchmarks
{
    private const int Rows = 100_000;
    private OrchestrationStore _store = null!;

    [GlobalSetup]
    public void Setup()
    {
        _store = OrchestrationStore.OpenTemporary();
        var at = DateTimeOffset.UtcNow;
        _store.Write(tx =>
        {
            for (var i = 0; i < Rows; i++)
            {
                var bytes = new byte[10];
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), i);
                bytes[8] = 1;
                bytes[9] = 1;
                tx.Pool.TryInsert(new PoolEntry(Principal.FromBytes(bytes), at.AddMilliseconds(i), Cycles.Parse("5T"),
                    PoolEntryStatus.PendingReset, null, null, "app", null, null, at));
            }
        });
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    /// <summary>Dapper, rows as raw values: the floor of reading them.</summary>
    [Benchmark(Baseline = true)]
    public int DapperRawRows()
    {
        using var connection = new ConnectionFactory(_store.Path, TimeSpan.FromSeconds(5)).OpenReader();
        return connection.Query<(string, long, long, string, string?, string?, string?, string?, string?, long)>(
            PoolEntryQueries.Select + " WHERE status = 'PendingReset' ORDER BY created_at, pid").Count();
    }

    /// <summary>The store's recovery load: every non-terminal record, validated and mapped.</summary>
    [Benchmark]
    public int LoadRecovery() => _store.Read(r => r.LoadRecovery()).PoolEntries.Count;
}
