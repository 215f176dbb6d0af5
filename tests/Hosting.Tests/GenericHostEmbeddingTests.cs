using Canic.Fsm.Orchestration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Canic.Fsm.Hosting.Tests;

/// <summary>
/// The orchestrator embedded in a plain Generic Host through <c>AddCanicOrchestrator</c>: it opens when the host
/// starts, fills its pool, stops every machine when the host stops, and resumes from its files in the next host.
/// </summary>
public sealed class GenericHostEmbeddingTests : HostingTestBase
{
    [Test]
    public async Task The_host_opens_the_orchestrator_fills_the_pool_and_stops_it()
    {
        var settings = EmbeddingHost.Settings(Folder);
        using (var host = EmbeddingHost.Build(settings))
        {
            var accessor = host.Services.GetRequiredService<OrchestratorAccessor>();
            Assert.That(accessor.Current, Is.Null, "nothing is open before the host starts");
            Assert.Throws<OrchestratorUnavailableException>(() => accessor.Require());

            await host.StartAsync();
            var orchestrator = await accessor.WhenOpen.WaitAsync(TimeSpan.FromMinutes(1));
            Assert.That(accessor.Require(), Is.SameAs(orchestrator));
            await EmbeddingHost.WhenPoolReadyAsync(orchestrator);

            await host.StopAsync();
            Assert.That(accessor.Current, Is.Null, "a stopped host has no orchestrator to give");
            Assert.Throws<OrchestratorUnavailableException>(() => accessor.Require());
        }

        // The next host on the same files finds the pool the first one filled: the state was in SQLite, not the host.
        using (var host = EmbeddingHost.Build(settings))
        {
            await host.StartAsync();
            var orchestrator = await host.Services.GetRequiredService<OrchestratorAccessor>().WhenOpen.WaitAsync(TimeSpan.FromMinutes(1));
            Assert.That(orchestrator.GetPoolSummary().Ready, Is.GreaterThanOrEqualTo(2));
            await host.StopAsync();
        }
    }

    [Test]
    public void A_bad_configuration_is_refused_at_registration_with_every_problem_and_nothing_written()
    {
        var settings = EmbeddingHost.Settings(Folder);
        settings["Canic:Pool:MinimumSize"] = "9";
        settings["Canic:Ic:InitialBalance"] = "5X";
        settings["Canic:Roles:app:ModulePath"] = Path.Combine(Folder, "missing.wasm");

        var error = Assert.Throws<CanicConfigurationException>(() => EmbeddingHost.Build(settings))!;

        Assert.That(error.Problems.Select(p => p.Key), Is.EquivalentTo(new[] { "Ic:InitialBalance", "Pool:MinimumSize", "Roles:app:ModulePath" }));
        Assert.That(Directory.GetFiles(Folder).Select(Path.GetFileName), Is.EquivalentTo(new[] { "app.wasm" }), "no database, no IC state file");
    }

    [Test]
    public void Registering_the_orchestrator_twice_is_refused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(EmbeddingHost.Settings(Folder)).Build().GetSection("Canic");
        var services = new ServiceCollection();
        services.AddCanicOrchestrator(configuration);

        var error = Assert.Throws<InvalidOperationException>(() => services.AddCanicOrchestrator(configuration))!;

        Assert.That(error.Message, Does.Contain("already"));
    }

    [Test]
    public async Task An_orchestrator_that_cannot_open_stops_the_host_and_faults_WhenOpen()
    {
        var settings = EmbeddingHost.Settings(Folder);
        var notADatabase = Directory.CreateDirectory(Path.Combine(Folder, "a-directory")).FullName;
        settings["Canic:Database:Path"] = notADatabase;
        using var host = EmbeddingHost.Build(settings);
        var accessor = host.Services.GetRequiredService<OrchestratorAccessor>();

        await host.StartAsync();
        var stopped = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        Assert.That(async () => await accessor.WhenOpen.WaitAsync(TimeSpan.FromMinutes(1)), Throws.Exception);
        Assert.That(stopped.IsCancellationRequested, Is.True, "the host is asked to stop");
        Assert.That(() => accessor.Require(), Throws.TypeOf<OrchestratorUnavailableException>().With.Message.Contains("failed to open"));
        await host.StopAsync();
    }
}
