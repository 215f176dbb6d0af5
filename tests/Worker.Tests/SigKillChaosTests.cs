using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Canic.Fsm.Ic;
using Canic.Fsm.Worker.Tests.Support;

namespace Canic.Fsm.Worker.Tests;

/// <summary>
/// The real worker, SIGKILLed again and again while it provisions under HTTP load and random simulated-IC faults
/// (rejects, lost replies, time-outs, latency); then restarted without faults, driven to rest, stopped, and audited
/// from its two SQLite files (<see cref="StateFileInvariants"/>). Long: select it with <c>--filter TestCategory=Long</c>,
/// leave it out with <c>TestCategory!=Long</c>. <c>CANIC_CHAOS_KILLS</c> (default 20) and <c>CANIC_CHAOS_SEED</c> (default
/// fixed) vary it; the seed is printed so that a failing run can be replayed.
/// </summary>
[Category("Long")]
[NonParallelizable]
public sealed class SigKillChaosTests
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(90);

    private static readonly Cycles Funded = Cycles.Parse("1000000T");

    private static readonly string[] Common =
    [
        "--Roles:app:Budget=1000000T", $"--Ic:InitialBalance={Funded}", "--Pool:CheckInterval=00:00:00.100",
    ];

    private static string[] Faults(int seed) =>
    [
        $"--Ic:FaultPlan:Seed={seed}", "--Ic:FaultPlan:Reject=0.05", "--Ic:FaultPlan:AppliedButReplyLost=0.05",
        "--Ic:FaultPlan:TimedOutBeforeApplied=0.02", "--Ic:FaultPlan:Latency=0.2", "--Ic:FaultPlan:MaxLatency=00:00:00.050",
    ];

    [Test]
    public async Task SIGKILLs_under_load_and_random_IC_faults_lose_no_canister_and_no_cycles()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("CANIC_CHAOS_KILLS"), out var k) ? k : 20;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CANIC_CHAOS_SEED"), out var s) ? s : 20261201;
        TestContext.Progress.WriteLine($"SIGKILL chaos: {kills} kills, seed {seed} (replay: CANIC_CHAOS_SEED={seed} CANIC_CHAOS_KILLS={kills})");
        var random = new Random(seed);
        var statuses = new ConcurrentDictionary<int, int>();
        var internalErrors = new ConcurrentQueue<string>();

        await using var worker = await RunningWorker.StartAsync(Common);
        var outside = await CreateOutsideCanistersAsync(worker, 6);
        for (var round = 0; round < kills; round++)
        {
            await worker.Process.KillAsync();
            worker.ExtraArguments = [.. Common, .. Faults(seed + round)];
            await worker.StartProcessAsync();
            var load = new LoadGenerator(worker, outside, new Random(random.Next()), statuses, internalErrors);
            using var stop = new CancellationTokenSource();
            var loops = Enumerable.Range(0, 4).Select(_ => load.RunAsync(stop.Token)).ToList();
            await Task.Delay(random.Next(200, 1200));
            await worker.Process.KillAsync();   // SIGKILL while requests are in flight
            await stop.CancelAsync();
            await Task.WhenAll(loops);
        }

        await worker.Process.KillAsync();
        worker.ExtraArguments = Common;
        await worker.StartProcessAsync();
        var audit = new StateFileInvariants(worker.DatabasePath, worker.IcStatePath);
        await Eventually.Until(() => Task.FromResult<long?>(audit.Unfinished()), n => n == 0, SettleTimeout, "every record settled");
        await worker.Process.SendSigTermAsync();
        Assert.That(await worker.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)), Is.EqualTo(0), worker.Process.Output);

        TestContext.Progress.WriteLine(audit.Describe());
        TestContext.Progress.WriteLine("responses: " + string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")));
        foreach (var reason in audit.FailureReasons()) TestContext.Progress.WriteLine("failed attempts: " + reason);
        var violations = audit.Violations(outside, Funded);
        Assert.Multiple(() =>
        {
            Assert.That(violations, Is.Empty, $"seed {seed}: broken promises");
            Assert.That(internalErrors, Is.Empty, $"seed {seed}: 500 answers");
        });
    }

    /// <summary>Canisters made on the simulated IC outside the orchestrator, before any fault: the load imports them.</summary>
    private static async Task<IReadOnlySet<string>> CreateOutsideCanistersAsync(RunningWorker worker, int count)
    {
        var pids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++) pids.Add((await worker.PostAsync("/api/sim/canisters", new { cycles = "2T" }))["pid"]!.GetValue<string>());
        return pids;
    }

    /// <summary>Random requests an operator and a client would send, as fast as answered, until cancelled or the worker dies.</summary>
    private sealed class LoadGenerator(RunningWorker worker, IReadOnlySet<string> outside, Random random,
        ConcurrentDictionary<int, int> statuses, ConcurrentQueue<string> internalErrors)
    {
        private readonly Lock _gate = new();
        private readonly string[] _outside = [.. outside];

        public async Task RunAsync(CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    using var response = await SendOneAsync(ct);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if ((int)response.StatusCode == 500) internalErrors.Enqueue(await response.Content.ReadAsStringAsync(ct));
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                {
                    if (!ct.IsCancellationRequested) await Task.Delay(20, CancellationToken.None);  // the worker is gone: wait for the kill's end
                }
            }
        }

        private Task<HttpResponseMessage> SendOneAsync(CancellationToken ct)
        {
            int dice;
            string pick;
            lock (_gate)
            {
                dice = random.Next(100);
                pick = _outside[random.Next(_outside.Length)];
            }
            return dice switch
            {
                < 55 => worker.Http.PostAsJsonAsync("/api/provision", new { role = "app", count = 1 + dice % 3 }, ct),
                < 63 => worker.Http.PostAsync("/api/pool/create-empty", null, ct),
                < 71 => worker.Http.PostAsJsonAsync("/api/pool/import", new { pids = new[] { pick } }, ct),
                < 75 => worker.Http.PostAsJsonAsync("/api/pool/import", new { pids = new[] { pick }, immediate = true }, ct),
                < 83 => worker.Http.PostAsync("/api/pool/requeue-failed", null, ct),
                < 91 => RecycleOneAsync(ct),
                < 95 => worker.Http.PostAsync("/api/scaling/workers/workers", null, ct),
                _ => worker.Http.GetAsync("/api/pool", ct),
            };
        }

        /// <summary>Returns the newest registered canister to the pool.</summary>
        private async Task<HttpResponseMessage> RecycleOneAsync(CancellationToken ct)
        {
            using var committed = await worker.Http.GetAsync("/api/attempts?state=Committed&limit=1", ct);
            var pid = JsonNode.Parse(await committed.Content.ReadAsStringAsync(ct))?["items"]?.AsArray().FirstOrDefault()?["pid"]?.GetValue<string>();
            return pid is null
                ? await worker.Http.GetAsync("/api/pool", ct)
                : await worker.Http.PostAsJsonAsync("/api/pool/recycle", new { pid }, ct);
        }
    }
}
