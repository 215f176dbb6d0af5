using System.Text.Json.Nodes;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Agent;
using Canic.Fsm.Ic.Clients;
using Canic.Fsm.Worker.Tests.Support;

namespace Canic.Fsm.Worker.Tests;

/// <summary>
/// The worker with <c>Ic:Backend=http</c> against a real <c>canic-fsm replica</c> process over loopback HTTP, exactly as
/// against a local dfx replica: the root key fetched and logged, the pool filled through the cycles ledger, a role
/// provisioned, a canister imported; then faults: HTTP faults of the replica (5xx, 429, dropped connections before and
/// after the call applied, slow calls that turn into polling), a SIGKILL of the worker mid-provisioning, and a SIGKILL of
/// the replica with calls in flight. After each, every record settles and the two state files (the worker's and the
/// replica's) show no canister lost, no row without its canister, and every budget balanced.
/// </summary>
[NonParallelizable]
public sealed class HttpBackendEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private ReplicaProcess _replica = null!;
    private RunningWorker _worker = null!;
    private readonly HashSet<string> _outside = new(StringComparer.Ordinal);

    [OneTimeSetUp]
    public async Task Start()
    {
        _replica = await ReplicaProcess.StartAsync();
        _worker = await RunningWorker.StartAsync([.. _replica.WorkerArguments, "--Roles:app:Budget=100000T"]);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _worker.DisposeAsync();
        await _replica.DisposeAsync();
    }

    /// <summary>What the replica credited: the worker's identity, once (<c>--mint</c>; a restart finds the account and mints nothing).</summary>
    private static readonly Cycles Funded = Cycles.Parse("1000000T");

    private StateFileInvariants Audit => new(_worker.DatabasePath, _replica.StatePath);

    [Test, Order(1)]
    public async Task The_pool_fills_over_HTTP_with_the_fetched_root_key_and_the_ledger_balance_logged()
    {
        await Eventually.Until(() => _worker.GetAsync("/api/pool")!, s => (long)s!["ready"]! >= RunningWorker.MinimumSize, Patience, "pool at minimum size");

        var output = _worker.Process.Output;
        Assert.That(output, Does.Contain("trusting the root key from /api/v2/status, SHA-256 "));
        Assert.That(output, Does.Contain($"Cycles ledger: account {_replica.Identity.Sender} holds 1000000T cycles"));
        Assert.That(output, Does.Contain("(http, " + _replica.Url));
        var created = await _worker.GetAsync("/api/pool/creations?state=Created");
        Assert.That(created["items"]!.AsArray(), Has.Count.GreaterThanOrEqualTo(RunningWorker.MinimumSize), "created through the replica's ledger");
    }

    [Test, Order(2)]
    public async Task A_role_is_provisioned_over_HTTP()
    {
        var id = (long)(await _worker.PostAsync("/api/provision", new { role = "app" }))["attempts"]![0]!;

        var attempt = await SettledAsync(id);

        Assert.That(attempt["state"]!.GetValue<string>(), Is.EqualTo("Committed"), attempt.ToJsonString());
    }

    [Test, Order(3)]
    public async Task A_canister_created_on_the_replica_is_imported_and_becomes_Ready()
    {
        using var http = new HttpClient();
        var agent = await IcAgent.CreateAsync(http, Canic.Fsm.Ic.Identity.IdentityPem.LoadFile(_replica.IdentityPath),
            new IcAgentOptions { BaseAddress = new Uri(_replica.Url), Network = IcNetwork.Local });
        var management = new ManagementCanisterClient(agent, Principal.Parse("rwlgt-iiaaa-aaaaa-aaaaa-cai"));
        var pid = (await management.ProvisionalCreateCanisterWithCyclesAsync(new ProvisionalCreateCanisterWithCyclesArgs(Cycles.Parse("2T")))).CanisterId.ToString();
        _outside.Add(pid);

        await _worker.PostAsync("/api/pool/import", new { pids = new[] { pid } });

        var entry = await Eventually.Until(() => _worker.GetAsync($"/api/pool/entries/{pid}")!,
            e => e!["status"]!.GetValue<string>() is "Ready" or "Failed", Patience, $"{pid} reset");
        Assert.That(entry["status"]!.GetValue<string>(), Is.EqualTo("Ready"), entry.ToJsonString());
    }

    [Test, Order(4)]
    public async Task Under_HTTP_faults_every_attempt_settles_and_nothing_is_lost()
    {
        await _replica.SetFaultsAsync(new
        {
            seed = 7, serverError = 0.08, tooManyRequests = 0.08, dropBeforeApply = 0.06, dropAfterApply = 0.06, slow = 0.1, slowDelay = "00:00:01.500",
        });
        var ids = (await _worker.PostAsync("/api/provision", new { role = "app", count = 8 }))["attempts"]!.AsArray().Select(n => (long)n!).ToList();
        await _worker.PostAsync("/api/pool/create-empty", new { });

        foreach (var id in ids) await SettledAsync(id);
        await _replica.SetFaultsAsync(new { });
        await SettledEverywhereAsync();

        Assert.That(_worker.Process.Output, Does.Contain("the call may have been received, polling its status"), "a dropped connection went to polling");
        Assert.That(_worker.Process.Output, Does.Contain("retrying the same signed request"), "5xx/429 were retried");
        Assert.That(_replica.Process.Output, Does.Contain("DropAfterApply"));
        Assert.That(Audit.Violations(_outside, Funded), Is.Empty);
    }

    [Test, Order(5)]
    public async Task A_SIGKILL_of_the_worker_mid_provisioning_is_recovered_from_its_database()
    {
        await _replica.SetFaultsAsync(new { latency = "00:00:00.200" });
        await _worker.PostAsync("/api/provision", new { role = "app", count = 4 });
        await Eventually.Until(() => _worker.GetAsync("/api/attempts?state=Allocated")!, a => a!["items"]!.AsArray().Count > 0, Patience, "an attempt allocated");

        await _worker.Process.KillAsync();
        await _replica.SetFaultsAsync(new { });
        await _worker.StartProcessAsync();

        await SettledEverywhereAsync();
        Assert.That(_worker.Process.Output, Does.Contain("Recovery: resumed "));
        Assert.That(Audit.Violations(_outside, Funded), Is.Empty);
    }

    [Test, Order(6)]
    public async Task A_SIGKILL_of_the_replica_with_calls_in_flight_gives_unknown_outcomes_then_the_orchestrator_resumes()
    {
        await _replica.SetFaultsAsync(new { latency = "00:00:01.500" });
        var ids = (await _worker.PostAsync("/api/provision", new { role = "app", count = 4 }))["attempts"]!.AsArray().Select(n => (long)n!).ToList();
        await Eventually.Until(() => _worker.GetAsync("/api/attempts?state=Allocated")!, a => a!["items"]!.AsArray().Count > 0, Patience, "an attempt allocated");

        const string lost = "the call may have been received, polling its status";
        var before = Occurrences(_worker.Process.Output, lost);
        await _replica.Process.KillAsync();   // calls in flight: their outcome is unknown to the worker
        await Eventually.Until(() => Task.FromResult<int?>(Occurrences(_worker.Process.Output, lost)), n => n > before, Patience, "the worker saw the replica go");
        await _replica.StartProcessAsync();

        foreach (var id in ids) await SettledAsync(id);
        await SettledEverywhereAsync();
        Assert.That(Audit.Violations(_outside, Funded), Is.Empty);
    }

    [Test, Order(9)]
    public async Task SIGTERM_stops_the_worker_and_the_state_files_keep_every_promise()
    {
        await SettledEverywhereAsync();
        await _worker.Process.SendSigTermAsync();
        Assert.That(await _worker.Process.WaitForExitAsync(Patience), Is.EqualTo(0), _worker.Process.Output);

        var audit = Audit;
        TestContext.Progress.WriteLine(audit.Describe());
        Assert.That(audit.Violations(_outside, Funded), Is.Empty);
        Assert.That(audit.Unfinished(), Is.Zero);
    }

    private static int Occurrences(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    private Task<JsonNode> SettledAsync(long id) => Eventually.Until(() => _worker.GetAsync($"/api/attempts/{id}")!,
        a => a!["state"]!.GetValue<string>() is "Committed" or "Failed" or "Blocked", Patience, $"attempt {id} settled");

    private async Task SettledEverywhereAsync() =>
        await Eventually.Until(() => Task.FromResult<long?>(Audit.Unfinished()), n => n == 0, Patience, "every record settled");
}
