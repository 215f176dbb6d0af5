using System.Text.RegularExpressions;
using Canic.Fsm.Worker.Cli;
using Canic.Fsm.Worker.Tests.Support;

namespace Canic.Fsm.Worker.Tests;

/// <summary>
/// Two real <c>canic-fsm run</c> processes on the same files: the second refuses to start (exit code 2, naming the
/// file and the process that holds it) and the first goes on; a killed worker's lock is gone with it.
/// </summary>
[NonParallelizable]
public sealed class OneWorkerPerDatabaseTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task A_second_worker_on_the_same_database_exits_2_naming_the_file_and_its_holder()
    {
        await using var first = await RunningWorker.StartAsync();

        var (code, output) = await WorkerProcess.RunToEndAsync(WithOtherPort(first.RunArguments));

        Assert.That(code, Is.EqualTo(ExitCodes.BadUsage), output);
        Assert.That(output, Does.Contain("Database:Path").And.Contain(first.DatabasePath).And.Contain("in use"));
        Assert.That(output, Does.Contain($"pid {first.Process.Id} ").And.Contain(first.Url), "names the process that holds it");
        Assert.That(output, Does.Not.Contain("Now listening"), "refused before anything was opened");
        Assert.That((await first.GetAsync("/ready"))["status"]!.GetValue<string>(), Is.EqualTo("ready"), "the first worker goes on");
    }

    [Test]
    public async Task A_second_worker_on_another_database_but_the_same_simulated_IC_exits_2_naming_the_IC_file()
    {
        await using var first = await RunningWorker.StartAsync();
        var otherDatabase = Path.Combine(first.Directory, "other.db");
        var args = WithOtherPort(first.RunArguments).Select(a => a.StartsWith("--Database:Path=", StringComparison.Ordinal) ? $"--Database:Path={otherDatabase}" : a);

        var (code, output) = await WorkerProcess.RunToEndAsync(args);

        Assert.That(code, Is.EqualTo(ExitCodes.BadUsage), output);
        Assert.That(output, Does.Contain("Ic:StateFile").And.Contain(first.IcStatePath).And.Contain($"pid {first.Process.Id} "));
        Assert.That(File.Exists(otherDatabase), Is.False, "its own database is released and never created");
    }

    [Test]
    public async Task The_lock_of_a_killed_worker_is_gone_with_it_and_a_new_worker_starts_on_its_files()
    {
        await using var worker = await RunningWorker.StartAsync();
        await Eventually.Until(() => worker.GetAsync("/api/pool")!, s => (long)s!["ready"]! >= 1, Patience, "a Ready canister");
        var killed = worker.Process.Id;

        await worker.Process.KillAsync();
        await worker.StartProcessAsync();

        Assert.That(worker.Process.Id, Is.Not.EqualTo(killed));
        var holder = await File.ReadAllTextAsync(worker.DatabasePath + ".lock");
        Assert.That(holder, Does.StartWith($"pid {worker.Process.Id} "), "the new holder is recorded");
    }

    /// <summary>The same files on another port, so that only the file lock can stop the second worker.</summary>
    private static IEnumerable<string> WithOtherPort(IEnumerable<string> args) =>
        args.Select(a => Regex.IsMatch(a, "^--Admin:Url=") ? $"--Admin:Url=http://127.0.0.1:{FreePort.Next()}" : a);
}
