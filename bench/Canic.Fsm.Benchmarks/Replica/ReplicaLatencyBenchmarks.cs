using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Canic.Fsm.Benchmarks.Orchestrator;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Replica.Faults;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Benchmarks.Replica;

/// <summary>
/// 1,000 concurrent provisioning attempts (new canisters) through the http backend against the development replica,
/// whose fault plan adds 1 s to every update call. An attempt's critical path is its update calls one after another
/// (ledger create_canister, update_settings, install_code: 3 x 1 s); the target is a wall time within 1.2x of it, that
/// is, the orchestrator must not serialize what the IC runs in parallel. The baseline is the same three calls made
/// directly through the same clients by 1,000 concurrent callers (no orchestrator, no store): what the replica and
/// the agent alone take. Each iteration prints // LATENCY with the wall time, the update calls per attempt counted by
/// the replica, the critical path and the ratio to it.
/// Three warmup iterations: the tiered JIT was still compiling through the second one (a long-running worker is past
/// that). Server GC, as the worker and <c>canic-fsm replica</c> run (Microsoft.NET.Sdk.Web sets System.GC.Server).
/// Run: dotnet run -c Release --project bench/Canic.Fsm.Benchmarks -- --filter '*ReplicaLatencyBenchmarks*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 3, invocationCount: 1)]
[GcServer(true)]
public class ReplicaLatencyBenchmarks
{
    private const int Attempts = 1_000;
    private static readonly TimeSpan Latency = TimeSpan.FromSeconds(1);
    private static readonly Cycles Mint = Cycles.Parse("100000000T");
    private static readonly byte[] Module = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
    private string _dir = "";
    private BenchReplica _replica = null!;
    private Orchestration.Orchestrator? _orchestrator;
    private long _callsBefore;
    private long _readsBefore;
    private long _roundsBefore;
    private System.Diagnostics.Stopwatch _wall = new();

    [IterationSetup(Target = nameof(DirectCalls))]
    public void SetupDirect() => Start(withOrchestrator: false);

    [IterationSetup(Target = nameof(Orchestrator))]
    public void SetupOrchestrator() => Start(withOrchestrator: true);

    private void Start(bool withOrchestrator)
    {
        _dir = Directory.CreateTempSubdirectory("canic-bench-latency-").FullName;
        _replica = BenchReplica.Start(Mint);
        if (withOrchestrator)
            _orchestrator = BenchOrchestrator.Open(BenchOrchestrator.Config(_replica.Server.Ic.Options.CanisterCreationFee), Path.Combine(_dir, "o.db"),
                _replica.Management, _replica.Ledger);
        // Set after opening: the latency is the IC's, not part of the setup.
        _replica.Server.Faults = HttpFaultPlan.None.WithLatency(Latency);
        _callsBefore = _replica.UpdateCalls;
        _readsBefore = _replica.ReadStates;
        _roundsBefore = _replica.Rounds;
    }

    [IterationCleanup]
    public void Cleanup()
    {
        var calls = (double)(_replica.UpdateCalls - _callsBefore) / Attempts;
        var reads = (double)(_replica.ReadStates - _readsBefore) / Attempts;
        var critical = calls * Latency.TotalSeconds;
        Console.WriteLine($"// LATENCY {(_orchestrator is null ? "direct" : "orchestrator")}: {Attempts} attempts in {_wall.Elapsed.TotalSeconds:0.00} s; " +
            $"{calls:0.00} update calls and {reads:0.00} read_state per attempt; critical path {critical:0.0} s; ratio {_wall.Elapsed.TotalSeconds / critical:0.00}; " +
            $"{_replica.Rounds - _roundsBefore} certification rounds");
        _orchestrator?.StopAsync().GetAwaiter().GetResult();
        _orchestrator = null;
        _replica.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    /// <summary>The three calls of an attempt, made directly by 1,000 concurrent callers.</summary>
    [Benchmark(Baseline = true)]
    public void DirectCalls()
    {
        _wall.Restart();
        var settings = new CanisterSettings { Controllers = [_replica.Sender] };
        var amount = Cycles.Parse("1T");
        var start = IcTime.ToNanoseconds(DateTimeOffset.UtcNow);
        // When each call started and ended, to print how long each of the three took (// CALLS): a call slower than the
        // latency by much more than the others shows where the time went (e.g. the first call's connection set-up).
        var marks = new double[Attempts, 6];
        Task.WhenAll(Enumerable.Range(0, Attempts).Select(i => Task.Run(async () =>
        {
            marks[i, 0] = _wall.Elapsed.TotalSeconds;
            var created = await _replica.Ledger.CreateCanisterAsync(new CreateCanisterArgs(amount, start + (ulong)i, CreationArgs: new CmcCreateCanisterArgs(settings)));
            marks[i, 1] = marks[i, 2] = _wall.Elapsed.TotalSeconds;
            var pid = ((CreateCanisterResult.Ok)created).Value.CanisterId;
            await _replica.Management.UpdateSettingsAsync(new UpdateSettingsArgs(pid, settings));
            marks[i, 3] = marks[i, 4] = _wall.Elapsed.TotalSeconds;
            await _replica.Management.InstallCodeAsync(new InstallCodeArgs(new CanisterInstallMode.Install(), pid, Module));
            marks[i, 5] = _wall.Elapsed.TotalSeconds;
        }))).GetAwaiter().GetResult();
        _wall.Stop();
        Console.WriteLine("// CALLS (s, p50/p90/max): " + string.Join("; ", Enumerable.Range(0, 3).Select(k =>
        {
            var took = Enumerable.Range(0, Attempts).Select(i => marks[i, 2 * k + 1] - marks[i, 2 * k]).Order().ToArray();
            return $"{new[] { "create_canister", "update_settings", "install_code" }[k]} {took[Attempts / 2]:0.000}/{took[Attempts * 9 / 10]:0.000}/{took[^1]:0.000}";
        })));
    }

    /// <summary>1,000 attempts submitted by concurrent callers, until every one is Committed.</summary>
    [Benchmark]
    public void Orchestrator()
    {
        _wall.Restart();
        ReplicaProvisioningBenchmarks.ProvisionConcurrently(_orchestrator!, Attempts);
        _wall.Stop();
    }
}
