using Canic.Fsm.Worker.Cli;
using Canic.Fsm.Worker.Tests.Support;

namespace Canic.Fsm.Worker.Tests;

/// <summary>The client verbs' exit codes that need no running worker: unreachable (3) and bad usage (2).</summary>
public sealed class CommandLineExitCodeTests
{
    private static async Task<(int Code, string Out, string Err)> InvokeAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CanicCommandLine.InvokeAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Test]
    public async Task A_verb_against_an_address_where_no_worker_listens_exits_3()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";

        var (code, _, err) = await InvokeAsync("status", "--url", url);

        Assert.That(code, Is.EqualTo(ExitCodes.Unreachable));
        Assert.That(err, Does.Contain("no worker answered at " + url));
    }

    [TestCase("bogus")]
    [TestCase("pool", "show")]
    [TestCase("attempts", "show", "not-a-number")]
    [TestCase("provision", "app", "--count", "many")]
    [TestCase("status", "--no-such-option")]
    public async Task Bad_usage_exits_2_and_says_what_is_wrong(params string[] args)
    {
        var (code, _, err) = await InvokeAsync(args);

        Assert.That(code, Is.EqualTo(ExitCodes.BadUsage));
        Assert.That(err, Does.Contain("canic-fsm --help"));
    }

    [Test]
    public async Task A_url_that_is_not_http_is_bad_usage_and_names_the_option()
    {
        var (code, _, err) = await InvokeAsync("status", "--url", "ftp://example");

        Assert.That(code, Is.EqualTo(ExitCodes.BadUsage));
        Assert.That(err, Does.Contain("--url 'ftp://example'"));
    }

    [Test]
    public async Task The_real_process_exits_3_when_no_worker_answers()
    {
        var (code, output) = await WorkerProcess.RunToEndAsync(["pool", "ls", "--url", $"http://127.0.0.1:{FreePort.Next()}"]);

        Assert.That(code, Is.EqualTo(ExitCodes.Unreachable), output);
    }
}
