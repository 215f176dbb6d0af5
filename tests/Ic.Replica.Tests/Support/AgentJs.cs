using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Canic.Fsm.Ic.Replica.Tests.Support;

/// <summary>
/// Runs the Node scripts of <c>tests/Ic.Replica.Tests/agent-js</c> (agent-js <c>@icp-sdk/core</c> 6.1.0, pinned by its
/// package-lock.json, installed with <c>npm ci</c> in that folder). A test that needs it is ignored, with the reason,
/// where Node or the installed packages are missing.
/// </summary>
internal static class AgentJs
{
    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "tests", "Ic.Replica.Tests", "agent-js");

    /// <summary>Ignores the calling test unless Node and the installed agent-js are there.</summary>
    public static void RequireInstalled()
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@icp-sdk", "core")))
            Assert.Ignore($"agent-js is not installed: run `npm ci` in {Directory}");
    }

    /// <summary>Runs <c>node script args...</c> in the agent-js folder; returns its exit code and the JSON it printed last.</summary>
    public static async Task<(int ExitCode, JsonNode? Output, string Text)> RunAsync(string script, params string[] args)
    {
        var info = new ProcessStartInfo("node") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Ignore($"node is not on the PATH ({e.Message})");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            var text = await stdout + await stderr;
            var last = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            JsonNode? json = null;
            try
            {
                json = last is null ? null : JsonNode.Parse(last);
            }
            catch (System.Text.Json.JsonException)
            {
            }
            return (process.ExitCode, json, text);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Canic.Fsm.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (Canic.Fsm.sln) is not above the test directory.");
    }
}
