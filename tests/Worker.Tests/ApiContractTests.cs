using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Canic.Fsm.Worker.Tests.Support;

namespace Canic.Fsm.Worker.Tests;

/// <summary>
/// The API's error contract over real HTTP on loopback: strict JSON bodies, content types, limits, echoed values, the
/// names of fields, 404 for unknown names whatever the method, and the Host and Origin checks against DNS rebinding.
/// Every error is a JSON <c>{error, field}</c>; nothing refused is written.
/// </summary>
[NonParallelizable]
public sealed class ApiContractTests
{
    private const string ExtraHost = "canic.test";
    private RunningWorker _worker = null!;

    [OneTimeSetUp]
    public async Task StartWorker() => _worker = await RunningWorker.StartAsync(
        $"--Admin:AllowedHosts:0={ExtraHost}",
        // No scaling worker: the tests count attempts, and the bootstrap would start one at any moment.
        "--ScalingPools:workers:InitialWorkers=0", "--ScalingPools:workers:MinWorkers=0");

    [OneTimeTearDown]
    public async Task StopWorker() => await _worker.DisposeAsync();

    [TestCase("""{"role":"app","count":"3"}""", "count", "must be a whole number, not the string")]
    [TestCase("""{"role":"app","count":1.5}""", "count", "must be a whole number")]
    [TestCase("""{"role":"app","count":null}""", "count", "must be a whole number, not null")]
    [TestCase("""{"role":"app","extra":1}""", "extra", "unknown property 'extra' (known: role, parent, count)")]
    [TestCase("""{"Role":"app"}""", "Role", "case-sensitive; did you mean 'role'?")]
    [TestCase("""{"role":"app","role":"app"}""", "role", "appears more than once")]
    [TestCase("""{"role":["app"]}""", "role", "must be a string, not a list")]
    [TestCase("""{"role":"app","parent":5}""", "parent", "must be a string, not the number 5")]
    public async Task A_body_that_is_not_exactly_the_request_is_a_400_naming_the_property_and_writes_nothing(string json, string field, string error)
    {
        var before = await AttemptCountAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/provision", json);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body.ToJsonString());
        Assert.That(body["field"]!.GetValue<string>(), Is.EqualTo(field));
        Assert.That(body["error"]!.GetValue<string>(), Does.Contain(error));
        AssertNamesNoDotNetType(body);
        Assert.That(await AttemptCountAsync(), Is.EqualTo(before), "nothing written");
    }

    [TestCase("""{"pids":[1]}""", "pids[0]", "must be a string, not the number 1")]
    [TestCase("""{"pids":"aaaaa-aa"}""", "pids", "must be a list of strings")]
    [TestCase("""{"pids":["aaaaa-aa"],"immediate":"yes"}""", "immediate", "must be true or false")]
    public async Task The_same_holds_for_lists_and_flags(string json, string field, string error)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/pool/import", json);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body.ToJsonString());
        Assert.That(body["field"]!.GetValue<string>(), Is.EqualTo(field));
        Assert.That(body["error"]!.GetValue<string>(), Does.Contain(error));
    }

    [TestCase("/api/provision", """{"role":"app","parent":"aaaaa-aa"}""", "parent", "aaaaa-aa")]
    [TestCase("/api/pool/import", """{"pids":["2vxsx-fae"]}""", "pids[0]", "2vxsx-fae")]
    [TestCase("/api/pool/import", """{"pids":["aaaaa-aa"],"immediate":true}""", "pid", "aaaaa-aa")]
    public async Task Only_a_canister_id_is_accepted_where_a_canister_is_meant(string path, string json, string field, string principal)
    {
        var attempts = await AttemptCountAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Post, path, json);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body.ToJsonString());
        Assert.That(body["field"]!.GetValue<string>(), Is.EqualTo(field));
        Assert.That(await AttemptCountAsync(), Is.EqualTo(attempts));
        var (entry, _, _) = await SendAsync(HttpMethod.Get, $"/api/pool/entries/{principal}", null);
        Assert.That(entry, Is.EqualTo(HttpStatusCode.NotFound), "nothing imported");
    }

    [Test]
    public async Task Malformed_JSON_is_a_400_that_names_no_dotnet_type()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/provision", """{"role":"app",""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body["error"]!.GetValue<string>(), Does.StartWith("the body is not valid JSON"));
        AssertNamesNoDotNetType(body);
    }

    [Test]
    public async Task A_body_without_a_JSON_content_type_is_a_415_not_a_404()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/provision", """{"role":"app"}""", contentType: null);
        var (plain, plainBody, _) = await SendAsync(HttpMethod.Post, "/api/pool/requeue-failed", "x", contentType: "text/plain");

        Assert.That(status, Is.EqualTo(HttpStatusCode.UnsupportedMediaType), body.ToJsonString());
        Assert.That(body["field"]!.GetValue<string>(), Is.EqualTo("Content-Type"));
        Assert.That(plain, Is.EqualTo(HttpStatusCode.UnsupportedMediaType), plainBody.ToJsonString());
    }

    [Test]
    public async Task A_missing_body_is_a_400_that_shows_what_to_send_and_an_optional_one_may_be_left_out()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/provision", "");
        var (requeue, requeueBody, _) = await SendAsync(HttpMethod.Post, "/api/pool/requeue-failed", null, contentType: null);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body.ToJsonString());
        Assert.That(body["error"]!.GetValue<string>(), Does.Contain("a JSON body is required").And.Contain("\"role\": a string"));
        Assert.That(body["error"]!.GetValue<string>(), Does.Not.Contain("Implicit body"));
        Assert.That(requeue, Is.EqualTo(HttpStatusCode.OK), requeueBody.ToJsonString());
    }

    [Test]
    public async Task A_body_over_the_limit_is_a_413_with_a_JSON_body()
    {
        var pids = string.Join(",", Enumerable.Repeat("\"aaaaa-aa\"", 30_000));

        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/pool/import", $$"""{"pids":[{{pids}}]}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(body["error"]!.GetValue<string>(), Does.Contain("262,144 bytes"));
    }

    [Test]
    public async Task A_list_over_the_limit_is_a_413_naming_it_and_nothing_is_imported()
    {
        var pids = string.Join(",", Enumerable.Range(0, 1001).Select(_ => "\"aaaaa-aa\""));

        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/pool/import", $$"""{"pids":[{{pids}}]}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(body["field"]!.GetValue<string>(), Is.EqualTo("pids"));
        Assert.That(body["error"]!.GetValue<string>(), Does.Contain("at most 1000"));
    }

    [Test]
    public async Task A_long_value_is_never_echoed_whole()
    {
        var longRole = new string('r', 200_000);
        var longState = new string('s', 5_000);

        var (bodyStatus, body, bodyRaw) = await SendAsync(HttpMethod.Post, "/api/provision", $$"""{"role":"{{longRole}}"}""");
        var (queryStatus, query, queryRaw) = await SendAsync(HttpMethod.Get, $"/api/attempts?state={longState}", null);

        Assert.That(bodyStatus, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body["field"]!.GetValue<string>(), Is.EqualTo("role"));
        Assert.That(bodyRaw.Length, Is.LessThan(500), bodyRaw);
        Assert.That(queryStatus, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(query["field"]!.GetValue<string>(), Is.EqualTo("state"));
        Assert.That(queryRaw.Length, Is.LessThan(1200), queryRaw[..Math.Min(300, queryRaw.Length)]);
    }

    [TestCase("/api/pool/entries?state=Nope")]
    [TestCase("/api/pool/creations?state=Nope")]
    [TestCase("/api/attempts?state=Nope")]
    public async Task An_unknown_state_names_the_query_parameter_state(string path)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, path, null);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body["field"]!.GetValue<string>(), Is.EqualTo("state"));
        Assert.That(body["error"]!.GetValue<string>(), Does.StartWith("Unknown state 'Nope'"));
    }

    [Test]
    public async Task An_unknown_scaling_pool_is_a_404_on_GET_and_POST_alike()
    {
        var (get, getBody, _) = await SendAsync(HttpMethod.Get, "/api/scaling/no-such-pool", null);
        var (post, postBody, _) = await SendAsync(HttpMethod.Post, "/api/scaling/no-such-pool/workers", null, contentType: null);

        Assert.That(get, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(post, Is.EqualTo(HttpStatusCode.NotFound), postBody.ToJsonString());
        Assert.That(postBody.ToJsonString(), Is.EqualTo(getBody.ToJsonString()));
    }

    [Test]
    public async Task A_request_for_a_foreign_host_name_is_a_403_and_provisions_nothing()
    {
        var before = await AttemptCountAsync();
        var port = new Uri(_worker.Url).Port;

        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/provision", """{"role":"app","count":1}""",
            headers: new() { ["Host"] = $"attacker.example:{port}", ["Origin"] = $"http://attacker.example:{port}" });
        var (read, _, _) = await SendAsync(HttpMethod.Get, "/api/budgets", null, headers: new() { ["Host"] = $"attacker.example:{port}" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden), body.ToJsonString());
        Assert.That(body["field"]!.GetValue<string>(), Is.EqualTo("Host"));
        Assert.That(read, Is.EqualTo(HttpStatusCode.Forbidden), "a rebound page cannot read either");
        Assert.That(await AttemptCountAsync(), Is.EqualTo(before));
    }

    [TestCase("localhost")]
    [TestCase(ExtraHost)]
    [TestCase("127.0.0.1")]
    public async Task The_loopback_names_IP_addresses_and_the_configured_names_are_served(string host)
    {
        var port = new Uri(_worker.Url).Port;

        var (status, body, _) = await SendAsync(HttpMethod.Get, "/api/budgets", null, headers: new() { ["Host"] = $"{host}:{port}" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
    }

    [Test]
    public async Task A_state_changing_request_from_another_origin_is_a_403_and_from_its_own_origin_is_served()
    {
        var before = await AttemptCountAsync();
        var port = new Uri(_worker.Url).Port;

        var (foreign, foreignBody, _) = await SendAsync(HttpMethod.Post, "/api/provision", """{"role":"app"}""",
            headers: new() { ["Origin"] = $"http://localhost:{port + 1}" });
        var (nullOrigin, _, _) = await SendAsync(HttpMethod.Post, "/api/provision", """{"role":"app"}""", headers: new() { ["Origin"] = "null" });
        var (own, ownBody, _) = await SendAsync(HttpMethod.Post, "/api/provision", """{"role":"app"}""",
            headers: new() { ["Origin"] = _worker.Url });

        Assert.That(foreign, Is.EqualTo(HttpStatusCode.Forbidden), foreignBody.ToJsonString());
        Assert.That(foreignBody["field"]!.GetValue<string>(), Is.EqualTo("Origin"));
        Assert.That(nullOrigin, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(own, Is.EqualTo(HttpStatusCode.OK), ownBody.ToJsonString());
        Assert.That(await AttemptCountAsync(), Is.EqualTo(before + 1), "only the same-origin request provisioned");
    }

    private static void AssertNamesNoDotNetType(JsonNode body) =>
        Assert.That(body["error"]!.GetValue<string>(), Does.Not.Contain("Canic.").And.Not.Contain("System.").And.Not.Contain("Request"));

    private async Task<long> AttemptCountAsync() => (long)(await _worker.GetAsync("/api/attempts?limit=1"))["total"]!;

    private async Task<(HttpStatusCode Status, JsonNode Body, string Raw)> SendAsync(HttpMethod method, string path, string? content,
        string? contentType = "application/json", Dictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (content is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
            if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        foreach (var (name, value) in headers ?? [])
        {
            if (name == "Host") request.Headers.Host = value;
            else request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await _worker.Http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, raw.Length == 0 ? new JsonObject() : JsonNode.Parse(raw)!, raw);
    }
}
