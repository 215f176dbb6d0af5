using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Canic.Fsm.Ic.Tests.Support;

/// <summary>
/// Runs a script of bench/noble (@noble/curves, pinned by its package-lock.json) under Node: JSON lines in, JSON lines
/// out, one process for a whole batch. Tests that use it are ignored, with the reason, where Node or the installed
/// packages (<c>npm ci</c> in bench/noble) are absent.
/// </summary>
internal static class Noble
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public static IReadOnlyList<JsonElement> Run(string script, IReadOnlyList<object> inputs)
    {
        var folder = RepositoryRoot.Path is { } root ? Path.Combine(root, "bench", "noble") : null;
        if (folder is null || !Directory.Exists(Path.Combine(folder, "node_modules", "@noble", "curves")))
            Assert.Ignore("@noble/curves is not installed: run `npm ci` in bench/noble");
        var info = new ProcessStartInfo("node", [script])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            Assert.Ignore($"node is not on the PATH: {e.Message}");
            throw;
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            foreach (var input in inputs) process.StandardInput.WriteLine(JsonSerializer.Serialize(input));
            process.StandardInput.Close();
            // A bound against a hung child only: the test asserts on the answers, not on the time they take.
            if (!process.WaitForExit(Limit))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"node {script} did not finish within {Limit}");
            }
            Assert.That(process.ExitCode, Is.Zero, $"node {script}: {errors.Result}");
            var lines = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines, Has.Length.EqualTo(inputs.Count), $"node {script} answered {lines.Length} of {inputs.Count} lines: {errors.Result}");
            return lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        }
    }
}
