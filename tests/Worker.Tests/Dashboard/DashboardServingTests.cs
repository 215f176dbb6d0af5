using System.Net;
using Canic.Fsm.Worker.Tests.Support;

namespace Canic.Fsm.Worker.Tests.Dashboard;

/// <summary>
/// The dashboard's files against a real worker with an API token: the shell (no data) is served without the token,
/// under a content-security policy that allows nothing but the worker's own origin; every figure still needs the token.
/// </summary>
[NonParallelizable]
public class DashboardServingTests
{
    private RunningWorker _worker = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _worker = await RunningWorker.StartAsync();
        await Eventually.Until(() => _worker.GetAsync("/api/pool")!, p => (long)p!["ready"]! >= RunningWorker.MinimumSize,
            TimeSpan.FromSeconds(30), "pool filled");
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _worker.DisposeAsync();

    [TestCase("/", "text/html")]
    [TestCase("/dashboard/app.js", "text/javascript")]
    [TestCase("/dashboard/chart.js", "text/javascript")]
    [TestCase("/dashboard/app.css", "text/css")]
    public async Task The_page_and_its_files_are_served_without_the_token_under_a_strict_policy(string path, string mediaType)
    {
        using var anonymous = WorkerProcess.Client(_worker.Url, null);
        using var response = await anonymous.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(mediaType));
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.That(policy, Does.Contain("default-src 'none'").And.Contain("script-src 'self'").And.Contain("connect-src 'self'")
            .And.Contain("frame-ancestors 'none'"));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
    }

    [Test]
    public async Task The_page_refers_to_nothing_outside_the_worker()
    {
        using var anonymous = WorkerProcess.Client(_worker.Url, null);
        foreach (var path in new[] { "/", "/dashboard/app.js", "/dashboard/chart.js", "/dashboard/app.css" })
        {
            var text = await anonymous.GetStringAsync(path);
            Assert.That(text, Does.Not.Match(@"(src|href)=""(https?:)?//"), path);
            Assert.That(text, Does.Not.Contain("@import"), path);
        }
    }

    [TestCase("/")]
    [TestCase("/dashboard/app.js")]
    public async Task The_page_is_refused_under_a_host_name_the_worker_does_not_answer_to(string path)
    {
        // A DNS-rebinding page reaches the loopback worker with its own name in Host: the dashboard follows the API's rule.
        using var anonymous = WorkerProcess.Client(_worker.Url, null);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "rebind.example";
        using var response = await anonymous.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [TestCase("/api/transitions")]
    [TestCase("/api/pool")]
    [TestCase("/dashboard/missing.js")]
    public async Task Data_and_unknown_paths_still_need_the_token(string path)
    {
        using var anonymous = WorkerProcess.Client(_worker.Url, null);
        using var response = await anonymous.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Transitions_are_listed_after_a_number_and_a_bad_number_names_its_field()
    {
        var all = await _worker.GetAsync("/api/transitions?machine=pool");
        var last = (long)all["last"]!;
        Assert.That(all["items"]!.AsArray(), Is.Not.Empty, "the pool filled since the worker started");
        Assert.That(all["items"]!.AsArray().Select(i => (string)i!["machine"]!), Is.All.EqualTo("pool"));
        var none = await _worker.GetAsync($"/api/transitions?after={last + 1000}");
        Assert.That(none["items"]!.AsArray(), Is.Empty);

        using var bad = await _worker.Http.GetAsync("/api/transitions?after=-1");
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await bad.Content.ReadAsStringAsync(), Does.Contain("\"field\":\"after\""));
    }
}
