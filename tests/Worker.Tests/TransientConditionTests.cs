using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Canic.Fsm.Worker.Tests.Support;

namespace Canic.Fsm.Worker.Tests;

/// <summary>
/// A worker whose simulated IC refuses every call for now (SYS_TRANSIENT): expected weather is answered for what it
/// is, 202 with the pending creation record or 503 with Retry-After, and logged as one line without a stack trace.
/// </summary>
[NonParallelizable]
public sealed class TransientConditionTests
{
    private RunningWorker _worker = null!;

    [OneTimeSetUp]
    public async Task StartWorker() => _worker = await RunningWorker.StartAsync(
        "--Ic:FaultPlan:Reject=1", "--Pool:MinimumSize=0", "--ScalingPools:workers:InitialWorkers=0", "--ScalingPools:workers:MinWorkers=0");

    [OneTimeTearDown]
    public async Task StopWorker() => await _worker.DisposeAsync();

    [Test]
    public async Task Create_empty_whose_creation_stays_pending_is_a_202_with_the_creation_record()
    {
        using var response = await _worker.Http.PostAsync("/api/pool/create-empty", null);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), body.ToJsonString());
        Assert.That(body["outcome"]!.GetValue<string>(), Is.EqualTo("pending"));
        Assert.That(body["creation"]!["state"]!.GetValue<string>(), Is.EqualTo("Intent"));
        var id = (long)body["creation"]!["id"]!;
        var intents = await _worker.GetAsync("/api/pool/creations?state=Intent");
        Assert.That(intents["items"]!.AsArray().Select(c => (long)c!["id"]!), Does.Contain(id), "the same record, carried on by the pool check");
        await AssertLoggedWithoutStackTraceAsync("POST /api/pool/create-empty");
    }

    [Test]
    public async Task A_simulated_canister_refused_for_now_is_a_503_with_Retry_After()
    {
        using var response = await _worker.Http.PostAsJsonAsync("/api/sim/canisters", new { cycles = "2T" });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), body.ToJsonString());
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(body["error"]!.GetValue<string>(), Does.Contain("transient"));
        await AssertLoggedWithoutStackTraceAsync("POST /api/sim/canisters");
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
