using Canic.Fsm.Orchestration;
using Canic.Fsm.Orchestration.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Canic.Fsm.Hosting.Tests;

/// <summary>
/// A plain Generic Host (no web server) embedding the orchestrator, as a user's worker would, with its files in a
/// directory of the test's: the database, the simulated IC's state file and a role module.
/// </summary>
internal static class EmbeddingHost
{
    private static readonly byte[] EmptyWasmModule = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

    /// <summary>The keys a user would put under their own "Canic" section: a pool of two, one role.</summary>
    public static Dictionary<string, string?> Settings(string directory)
    {
        var module = Path.Combine(directory, "app.wasm");
        File.WriteAllBytes(module, EmptyWasmModule);
        return new()
        {
            ["Canic:Database:Path"] = Path.Combine(directory, "embedded.db"),
            ["Canic:Ic:StateFile"] = Path.Combine(directory, "embedded-ic.db"),
            ["Canic:Principal"] = "xoody-kgfp7-7goc4-qiwxl-43ag5-ddj7g-ilcfv-mrtkm-2gbu6-wl5qj-7ae",
            ["Canic:Network"] = "mainnet",
            ["Canic:Pool:MinimumSize"] = "2",
            ["Canic:Pool:MaximumSize"] = "4",
            ["Canic:Pool:CanisterCycles"] = "1T",
            ["Canic:Roles:app:ModulePath"] = module,
            ["Canic:Roles:app:InitialCycles"] = "1T",
            ["Canic:Roles:app:Budget"] = "10T",
        };
    }

    public static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddCanicOrchestrator(builder.Configuration.GetSection("Canic"));
        return builder.Build();
    }

    /// <summary>Completes when the pool holds at least its minimum of Ready canisters, judged after each transition.</summary>
    public static async Task WhenPoolReadyAsync(Orchestrator orchestrator)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(object? sender, OrchestratorTransition transition)
        {
            var pool = orchestrator.GetPoolSummary();
            if (pool.Ready >= pool.MinimumSize) ready.TrySetResult();
        }
        orchestrator.Transition += Check;
        try
        {
            Check(null, null!);  // it may have filled before the subscription
            await ready.Task.WaitAsync(TimeSpan.FromMinutes(2));
        }
        finally { orchestrator.Transition -= Check; }
    }
}
