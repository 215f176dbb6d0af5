using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Canic.Fsm.Worker.Cli;
using Canic.Fsm.Worker.Tests.Support;

namespace Canic.Fsm.Worker.Tests;

/// <summary>
/// The real <c>canic-fsm run</c> process, one for the fixture: the pool fills, a role is provisioned, a
/// canister is imported, the API answers bad input, unknown ids and missing tokens, the CLI talks to it,
/// and SIGTERM stops it with exit code 0 and a restart on the same database shows the same state.
/// </summary>
[NonParallelizable]
public sealed class WorkerEndToEndTests
{
    // Generous for a loaded 2-core machine: every wait polls a condition and returns as soon as it holds.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private RunningWorker _worker = null!;

    [OneTimeSetUp]
    public async Task StartWorker() => _worker = await RunningWorker.StartAsync();

    [OneTimeTearDown]
    public async Task StopWorker() => await _worker.DisposeAsync();

    [Test, Order(1)]
    public async Task The_pool_fills_to_its_minimum_size_and_stays_there()
    {
        var summary = await Eventually.Until(() => _worker.GetAsync("/api/pool")!, s => (long)s!["ready"]! >= RunningWorker.MinimumSize,
            Patience, "pool at minimum_size");

        Assert.That((int)summary["minimumSize"]!, Is.EqualTo(RunningWorker.MinimumSize));
        Assert.That((long)summary["total"]!, Is.LessThanOrEqualTo((long)summary["maximumSize"]!));
        // The console logger writes on its own thread: the progress line may follow the state by a moment.
        await LogContainsAsync($"pool {RunningWorker.MinimumSize}/{RunningWorker.MinimumSize} ready");
    }

    [Test, Order(1)]
    public async Task Each_transition_of_a_pool_canister_is_logged_once_with_its_id()
    {
        var ready = await Eventually.Until(() => _worker.GetAsync("/api/pool/entries?state=Ready")!,
            p => p!["items"]!.AsArray().Count > 0, Patience, "a Ready pool canister");
        var pid = ready["items"]![0]!["pid"]!.GetValue<string>();

        var lines = _worker.Process.Output.Split('\n').Where(l => l.Contains($"pool {pid}: PendingReset -> Ready", StringComparison.Ordinal));

        Assert.That(lines.Count(), Is.EqualTo(1), _worker.Process.Output);
    }

    [Test, Order(2)]
    public async Task A_provisioned_role_is_committed_with_its_history()
    {
        var started = await _worker.PostAsync("/api/provision", new { role = "app" });
        var id = (long)started["attempts"]![0]!;

        var attempt = await Eventually.Until(() => _worker.GetAsync($"/api/attempts/{id}")!,
            a => a!["state"]!.GetValue<string>() is "Committed" or "Failed" or "Blocked", Patience, $"attempt {id} finished");

        Assert.That(attempt["state"]!.GetValue<string>(), Is.EqualTo("Committed"), attempt.ToJsonString());
        Assert.That(attempt["history"]!.AsArray().Select(t => t!["to"]!.GetValue<string>()), Does.Contain("Committed"));
        var entry = await _worker.GetAsync($"/api/pool/entries/{attempt["pid"]!.GetValue<string>()}");
        Assert.That(entry["status"]!.GetValue<string>(), Is.EqualTo("Workload"));
        await LogContainsAsync($"attempt {id}: ");
    }

    [Test, Order(3)]
    public async Task A_canister_created_on_the_simulated_IC_is_imported_and_becomes_Ready()
    {
        var pid = (await _worker.PostAsync("/api/sim/canisters", new { cycles = "2T" }))["pid"]!.GetValue<string>();

        var imported = await _worker.PostAsync("/api/pool/import", new { pids = new[] { pid } });

        Assert.That(imported["outcome"]!.GetValue<string>(), Is.EqualTo("queued_imported"));
        Assert.That((long)imported["added"]!, Is.EqualTo(1));
        var entry = await Eventually.Until(() => _worker.GetAsync($"/api/pool/entries/{pid}")!,
            e => e!["status"]!.GetValue<string>() is "Ready" or "Failed", Patience, $"{pid} reset");
        Assert.That(entry["status"]!.GetValue<string>(), Is.EqualTo("Ready"), entry.ToJsonString());
    }

    [TestCase("/api/pool/entries?limit=abc", "limit")]
    [TestCase("/api/pool/entries?offset=-1", "offset")]
    [TestCase("/api/attempts/xyz", "id")]
    [TestCase("/api/pool/entries/not-a-principal", null)]
    [Order(4)]
    public async Task Bad_input_in_a_query_is_a_400_naming_the_field(string path, string? field)
    {
        using var response = await _worker.Http.GetAsync(path);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body.ToJsonString());
        Assert.That(body["error"]!.GetValue<string>(), Is.Not.Empty);
        if (field is not null) Assert.That(body["field"]!.GetValue<string>(), Is.EqualTo(field));
    }

    [TestCase("""{"role":"no-such-role"}""", "role")]
    [TestCase("""{"role":"app","count":0}""", "count")]
    [TestCase("""{"role":"app","parent":"bad principal"}""", "parent")]
    [TestCase("""{"role":5}""", "role")]
    [Order(4)]
    public async Task Bad_input_in_a_body_is_a_400_naming_the_field(string json, string field)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await _worker.Http.PostAsync("/api/provision", content);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body.ToJsonString());
        Assert.That(body["field"]!.GetValue<string>(), Is.EqualTo(field), body.ToJsonString());
    }

    [TestCase("/api/attempts/999999")]
    [TestCase("/api/pool/entries/aaaaa-aa")]
    [TestCase("/api/scaling/no-such-pool")]
    [TestCase("/api/charts/no-such-machine")]
    [Order(4)]
    public async Task An_unknown_id_is_a_404(string path)
    {
        using var response = await _worker.Http.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), await response.Content.ReadAsStringAsync());
    }

    [TestCase(null)]
    [TestCase("wrong-token")]
    [TestCase(RunningWorker.Token + "x")]
    [Order(4)]
    public async Task A_request_without_the_right_token_is_a_401(string? token)
    {
        using var http = WorkerProcess.Client(_worker.Url, token);

        using var response = await http.GetAsync("/api/pool");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test, Order(5)]
    public async Task Metrics_are_served_in_the_Prometheus_text_format()
    {
        using var response = await _worker.Http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        // The names the README documents, by OpenTelemetry's Prometheus exporter (which adds the otel_scope_name label).
        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/plain; version=0.0.4; charset=utf-8"), "the former exporter's Content-Type");
        Assert.That(text, Does.Contain("# TYPE canic_provisioning_total counter\n"));
        Assert.That(text, Does.Match(@"canic_provisioning_total\{otel_scope_name=""Canic.Fsm.Orchestration"",operation=""allocate"",outcome=""completed"",reason=""(pool_reuse|new_allocation)"",role=""app""\} [1-9]"));
        Assert.That(text, Does.Match(@"canic_pool_total\{[^}]*operation=""reset"",outcome=""completed"",reason=""ok""\} [1-9]"));
        Assert.That(text, Does.Contain("# TYPE canic_canister_ops_total counter\n"));
        // The configured scaling pool bootstraps its first worker at start.
        Assert.That(text, Does.Match(@"canic_scaling_total\{[^}]*operation=""bootstrap_pool"",[^}]*pool=""workers""[^}]*\} [1-9]"));
    }

    [Test, Order(5)]
    public async Task The_CLI_shows_the_worker_and_reports_a_refusal_with_exit_code_1()
    {
        var status = await CliAsync("status", "--json");
        var refused = await CliAsync("provision", "no-such-role");
        var table = await CliAsync("attempts", "ls");
        var creations = await CliAsync("pool", "creations", "--state", "Created", "--json");

        Assert.That(status.Code, Is.EqualTo(ExitCodes.Ok), status.Error);
        Assert.That(JsonNode.Parse(status.Output)!["minimumSize"]!.GetValue<int>(), Is.EqualTo(RunningWorker.MinimumSize));
        Assert.That(refused.Code, Is.EqualTo(ExitCodes.Refused));
        Assert.That(refused.Error, Does.Contain("no-such-role").And.Contain("[field: role]"));
        Assert.That(table.Code, Is.EqualTo(ExitCodes.Ok), table.Error);
        Assert.That(table.Output, Does.Contain("Committed"));
        Assert.That(creations.Code, Is.EqualTo(ExitCodes.Ok), creations.Error);
        Assert.That(JsonNode.Parse(creations.Output)!["items"]!.AsArray().Select(c => c!["state"]!.GetValue<string>()), Is.Not.Empty.And.All.EqualTo("Created"));
    }

    private async Task<(int Code, string Output, string Error)> CliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CanicCommandLine.InvokeAsync([.. args, "--url", _worker.Url, "--token", RunningWorker.Token], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Test, Order(9)]
    public async Task SIGTERM_exits_0_and_a_restart_on_the_same_database_shows_the_same_state()
    {
        var before = await QuiescentStateAsync();

        await _worker.Process.SendSigTermAsync();
        var code = await _worker.Process.WaitForExitAsync(Patience);
        Assert.That(code, Is.EqualTo(0), _worker.Process.Output);
        Assert.That(_worker.Process.Output, Does.Contain("Orchestrator stopped"));

        await _worker.StartProcessAsync();
        var after = await QuiescentStateAsync();
        Assert.That(after, Is.EqualTo(before));
        await LogContainsAsync("Recovery: resumed ");
    }

    /// <summary>The console logger writes on its own thread: a line may follow the state it reports by a moment.</summary>
    private Task LogContainsAsync(string text) => Eventually.Until(() => Task.FromResult<string?>(_worker.Process.Output),
        o => o!.Contains(text, StringComparison.Ordinal), Patience, $"the log line '{text}'");

    /// <summary>Pool entries and attempts (id and state), once nothing is being reset or provisioned.</summary>
    private async Task<string> QuiescentStateAsync()
    {
        var entries = await Eventually.Until(() => _worker.GetAsync("/api/pool/entries?limit=1000")!,
            p => p!["items"]!.AsArray().All(e => e!["status"]!.GetValue<string>() is "Ready" or "Workload" or "Failed"),
            Patience, "pool quiescent");
        var attempts = await _worker.GetAsync("/api/attempts?limit=1000");
        var pool = entries["items"]!.AsArray().Select(e => $"{e!["pid"]}={e["status"]}").Order();
        var states = attempts["items"]!.AsArray().Select(a => $"{a!["id"]}={a["state"]}").Order();
        return string.Join(",", pool) + " | " + string.Join(",", states);
    }
}
