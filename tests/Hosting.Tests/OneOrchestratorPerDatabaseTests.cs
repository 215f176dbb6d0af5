using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Canic.Fsm.Hosting.Tests;

/// <summary>
/// An embedded orchestrator locks its database and simulated IC file as the worker does: a second host on the
/// same files (here in the same process, where POSIX record locks alone would not tell them apart) is refused
/// before it opens anything, and the files are free again once the first host stops.
/// </summary>
public sealed class OneOrchestratorPerDatabaseTests : HostingTestBase
{
    [Test]
    public async Task A_second_host_on_the_same_files_is_refused_and_the_first_keeps_running()
    {
        var settings = EmbeddingHost.Settings(Folder);
        using var first = EmbeddingHost.Build(settings);
        await first.StartAsync();
        var running = await first.Services.GetRequiredService<OrchestratorAccessor>().WhenOpen.WaitAsync(TimeSpan.FromMinutes(1));

        using (var second = EmbeddingHost.Build(settings))
        {
            await second.StartAsync();
            var refusal = Assert.ThrowsAsync<StateFileLockedException>(async () =>
                await second.Services.GetRequiredService<OrchestratorAccessor>().WhenOpen.WaitAsync(TimeSpan.FromMinutes(1)))!;
            Assert.That(refusal.Message, Does.Contain("Database:Path").And.Contain(settings["Canic:Database:Path"]!).And.Contain("in this process"));
            Assert.That(second.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested, Is.True,
                "the refused host is asked to stop");
            await second.StopAsync();
        }

        Assert.That(first.Services.GetRequiredService<OrchestratorAccessor>().Current, Is.SameAs(running), "the refusal did not disturb the first");
        Assert.That(running.GetPoolSummary().MinimumSize, Is.EqualTo(2), "and it still answers");
        await first.StopAsync();

        using var third = EmbeddingHost.Build(settings);
        await third.StartAsync();
        Assert.That(await third.Services.GetRequiredService<OrchestratorAccessor>().WhenOpen.WaitAsync(TimeSpan.FromMinutes(1)), Is.Not.Null,
            "the first host released its files when it stopped");
        await third.StopAsync();
    }

    [Test]
    public async Task The_lock_file_names_the_embedding_process()
    {
        var settings = EmbeddingHost.Settings(Folder);
        using var host = EmbeddingHost.Build(settings);
        await host.StartAsync();
        await host.Services.GetRequiredService<OrchestratorAccessor>().WhenOpen.WaitAsync(TimeSpan.FromMinutes(1));

        using var lockFile = new FileStream(settings["Canic:Database:Path"] + ".lock", FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var holder = new StreamReader(lockFile).ReadToEnd();

        Assert.That(holder, Does.Contain($"pid {Environment.ProcessId} ").And.Contain("embedded in"));
        await host.StopAsync();
    }
}
