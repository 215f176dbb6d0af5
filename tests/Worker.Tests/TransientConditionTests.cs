using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Canic.Fsm.Worker.Tests.Support;

namespace Canic.Fsm.Worker.Tests;

/// <summary>
/// A worker whose simulated IC loses every reply (the outcomes stay unknown) or refuses every call for now
/// (SYS_TRANSIENT): weather, answered for what it is and logged as one line without a stack trace. A creation whose
/// outcome is unknown stays pending (202 with its record); one whose every send was refused is proven not to have
/// happened and ends Failed once its retries are spent (409 with its record). A direct IC call is a 503 with Retry-After.
/// </summary>
[TestFixture("AppliedButReplyLost", HttpStatusCode.Accepted, "Intent", "answer was lost")]
[TestFixture("Reject", HttpStatusCode.Conflict, "Failed", "refused for now")]
[NonParallelizable]
public sealed class TransientConditionTests(string fault, HttpStatusCode createEmptyStatus, string creationState, string simError)
{
    private RunningWorker _worker = null!;

    [OneTimeSetUp]
    public async Task StartWorker() => _worker = await RunningWorker.StartAsync(
        $"--Ic:FaultPlan:{fault}=1", "--Retry:MaxAttempts=2", "--Retry:BaseDelay=00:00:00.050", "--Pool:MinimumSize=0", "--ScalingPools:workers:InitialWorkers=0", "--ScalingPools:workers:MinWorkers=0");

    [OneTimeTearDown]
    public async Task StopWorker() => await _worker.DisposeAsync();

    [Test]
    public async Task Create_empty_that_cannot_complete_answers_with_the_creation_record()
    {
        using var response = await _worker.Http.PostAsync("/api/pool/create-empty", null);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(createEmptyStatus), body.ToJsonString());
        Assert.That(body["creation"]!["state"]!.GetValue<string>(), Is.EqualTo(creationState));
        var id = (long)body["creation"]!["id"]!;
        var records = await _worker.GetAsync($"/api/pool/creations?state={creationState}");
        Assert.That(records["items"]!.AsArray().Select(c => (long)c!["id"]!), Does.Contain(id), "the record the answer names");
        await AssertLoggedWithoutStackTraceAsync("POST /api/pool/create-empty");
    }

    [Test]
    public async Task A_simulated_canister_the_IC_does_not_confirm_is_a_503_with_Retry_After()
    {
        using var response = await _worker.Http.PostAsJsonAsync("/api/sim/canisters", new { cycles = "2T" });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), body.ToJsonString());
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(body["error"]!.GetValue<string>(), Does.Contain(simError));
        await AssertLoggedWithoutStackTraceAsync("POST /api/sim/canisters");
    }

    [Test]
    public async Task An_immediate_import_the_IC_cannot_confirm_is_a_503_with_Retry_After_and_imports_nothing()
    {
        const string pid = "rrkah-fqaaa-aaaaa-aaaaq-cai";

        using var response = await _worker.Http.PostAsJsonAsync("/api/pool/import", new { pids = new[] { pid }, immediate = true });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), body.ToJsonString());
        Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(body["error"]!.GetValue<string>(), Does.Contain("was not imported"));
        using var entry = await _worker.Http.GetAsync($"/api/pool/entries/{pid}");
        Assert.That(entry.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await AssertLoggedWithoutStackTraceAsync("POST /api/pool/import");
    }

    private async Task AssertLoggedWithoutStackTraceAsync(string request)
    {
        // The console logger writes on its own thread: the line may follow the answer by a moment.
        var output = await Eventually.Until(() => Task.FromResult<string?>(_worker.Process.Output),
            o => o!.Contains($"warn: Canic.Fsm.Worker.Api[0] {request}", StringComparison.Ordinal), TimeSpan.FromSeconds(10), $"the log line of {request}");
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace for expected weather");
        Assert.That(output, Does.Not.Contain("fail: Canic.Fsm.Worker.Api"));
    }
}
