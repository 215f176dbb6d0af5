using System.CommandLine;

namespace Canic.Fsm.Worker.Cli;

/// <summary>
/// The <c>canic-fsm</c> command line: <c>run</c> (the default) hosts the worker; the other verbs are
/// clients of a running worker. Parse errors exit with <see cref="ExitCodes.BadUsage"/>.
/// </summary>
internal static class CanicCommandLine
{
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = Build(output, error);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors) await error.WriteLineAsync(problem.Message);
            await error.WriteLineAsync("Try 'canic-fsm --help'.");
            return ExitCodes.BadUsage;
        }
        // No termination timeout: `run` stops gracefully through the host, which handles SIGTERM and Ctrl+C itself.
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
    }

    private static RootCommand Build(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Canic.Fsm: an off-chain orchestrator for Internet Computer canisters (pool, provisioning, scaling).");
        var options = new ClientOptions();
        options.AddTo(root);
        root.Add(RunCommand(error));
        foreach (var verb in new ClientVerbs(new ClientInvocation(options, output, error)).All()) root.Add(verb);
        foreach (var verb in new LocalVerbs(options, output, error).All()) root.Add(verb);
        root.SetAction((_, ct) => WorkerHost.RunAsync([], error, ct));
        return root;
    }

    private static Command RunCommand(TextWriter error)
    {
        var run = new Command("run",
            "Run the worker (the default). Configuration overrides follow, e.g. --Database:Path=./my.db --Admin:Url=http://127.0.0.1:6000")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        run.SetAction((p, ct) => WorkerHost.RunAsync([.. p.UnmatchedTokens], error, ct));
        return run;
    }
}
