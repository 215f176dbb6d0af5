using Canic.Fsm.Tests.Shared;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Store;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Benchmarks.Orchestrator;

/// <summary>
/// Start-up recovery of 100,000 pool rows in mixed states (Ready, PendingReset, Failed, Workload, orphan Claimed,
/// Recycling) on a WAL file: the orchestrator opens, sweeps, returns orphan claims and interrupted recycles to
/// PendingReset, and starts one pool canister machine per row; measured until every machine has entered its state.
/// Baseline in the same run: Dapper reading the same 100,000 rows as raw values. Each iteration opens a fresh copy
/// of the same file. The retained memory per row (machines and their index) is printed as // POOL-MACHINE-RETAINED.
/// Run: dotnet run -c Release --project bench/Canic.Fsm.Benchmarks -- --filter '*StartupRecoveryBenchmarks*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class StartupRecoveryBenchmarks
{
    private const int Rows = 100_000;
    private string _dir = "";
    private string _template = "";
    private string _path = "";
    private SimulatedIc _ic = null!;
    private OrchestratorConfig _config = null!;
    private Orchestration.Orchestrator? _orchestrator;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _dir = Directory.CreateTempSubdirectory("canic-bench-recovery-").FullName;
        _template = Path.Combine(_dir, "template.db");
        _ic = new SimulatedIc(new SimulatedIcOptions());
        _config = BenchOrchestrator.Config(Cycles.Zero);
        using (var store = OrchestrationStore.Open(_template))
            store.Write(tx =>
            {
                var at = DateTimeOffset.UtcNow;
                for (var i = 0; i < Rows; i++) tx.Pool.TryInsert(Row(i, at));
            });
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Row i: 40 % Ready, 20 % PendingReset, 10 % Failed, 15 % Workload, 10 % Claimed by an absent attempt, 5 % Recycling.</summary>
    private static PoolEntry Row(int i, DateTimeOffset at)
    {
        var bytes = new byte[10];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), i);
        bytes[8] = 1;
        bytes[9] = 1;
        var (status, reason, op) = (i % 20) switch
        {
            < 8 => (PoolEntryStatus.Ready, (string?)null, (string?)null),
            < 12 => (PoolEntryStatus.PendingReset, null, null),
            < 14 => (PoolEntryStatus.Failed, "reset failed: canister_status rejected", null),
            < 17 => (PoolEntryStatus.Workload, null, "op" + i),
            < 19 => (PoolEntryStatus.Claimed, null, "op" + i),
            _ => (PoolEntryStatus.Recycling, null, null),
        };
        return new PoolEntry(Principal.FromBytes(bytes), at.AddMilliseconds(i), Cycles.Parse("5T"), status, reason, op, "app", null, null, at);
    }

    [IterationSetup]
    public void Setup()
    {
        _path = Path.Combine(_dir, $"run-{Guid.NewGuid():N}.db");
        File.Copy(_template, _path);
    }

    [IterationCleanup]
    public void Cleanup()
    {
        if (_orchestrator is not null)
        {
            var alive = GC.GetTotalMemory(forceFullCollection: true);
            var machines = _orchestrator.PoolMachines.Count;
            _orchestrator.StopAsync().GetAwaiter().GetResult();
            _orchestrator = null;
            var released = GC.GetTotalMemory(forceFullCollection: true);
            Console.WriteLine($"// POOL-MACHINE-RETAINED {(alive - released) / (double)machines:0} B per pool row ({machines} machines)");
        }
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _ic.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    /// <summary>Dapper reading every pool row as raw values: the floor of touching them at all.</summary>
    [Benchmark(Baseline = true)]
    public int DapperReadsTheRows()
    {
        using var connection = new SqliteConnection($"Data Source={_path};Mode=ReadOnly");
        connection.Open();
        return connection.Query<(string, long, long, string, string?, string?, string?, string?, string?, long)>(PoolEntryQueries.Select).Count();
    }

    /// <summary>Open + recovery + one started machine per row, until every machine is in its state.</summary>
    [Benchmark]
    public int OpenAndRecover()
    {
        _orchestrator = BenchOrchestrator.Open(_config, _path, _ic);
        _orchestrator.WhenPoolMachinesProcessedAsync().GetAwaiter().GetResult();
        return _orchestrator.PoolMachines.Count;
    }
}
