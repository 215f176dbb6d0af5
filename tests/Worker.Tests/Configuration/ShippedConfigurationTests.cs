using System.Text;
using Canic.Fsm.Orchestration.Configuration;
using Microsoft.Extensions.Configuration;

namespace Canic.Fsm.Worker.Tests.Configuration;

/// <summary>The options bind from JSON as documented, and the demo module ships with the worker.</summary>
public class ShippedConfigurationTests
{
    private const string Json = """
        {
          "Principal": "rwlgt-iiaaa-aaaaa-aaaaa-cai",
          "Network": "development",
          "Pool": { "MinimumSize": 3, "MaximumSize": 6, "CanisterCycles": "500B", "CheckInterval": "00:00:05" },
          "Roles": {
            "app": { "ModulePath": "modules/demo.wasm", "InitialCycles": "1T", "Controllers": [ "ryjl3-tyaaa-aaaaa-aaaba-cai" ], "Budget": "100T", "Singleton": true }
          },
          "ScalingPools": {
            "workers": { "CanisterRole": "app", "InitialWorkers": 1, "MinWorkers": 1, "MaxWorkers": 4, "CapacityBytes": 2000000000, "ScaleOutAt": 0.75 }
          }
        }
        """;

    [Test]
    public void The_documented_json_keys_bind_and_validate_with_the_shipped_demo_module()
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Json))).Build();
        var options = configuration.Get<OrchestratorOptions>()!;

        var settings = OrchestratorSettingsValidator.Validate(options, AppContext.BaseDirectory);

        Assert.Multiple(() =>
        {
            Assert.That(settings.Pool, Is.EqualTo(new PoolSettings(3, 6, Canic.Fsm.Ic.Cycles.Parse("500B"), TimeSpan.FromSeconds(5))));
            Assert.That(settings.Roles["app"].Controllers, Has.Count.EqualTo(1));
            Assert.That(settings.Roles["app"].Singleton, Is.True);
            Assert.That(settings.Roles["app"].Module.Span[..4].ToArray(), Is.EqualTo("\0asm"u8.ToArray()));
            Assert.That(settings.Roles["app"].Module.Span[4..8].ToArray(), Is.EqualTo(new byte[] { 1, 0, 0, 0 }), "wasm version 1");
            Assert.That(settings.Scaling!.Pools["workers"], Is.EqualTo(new ScalingPoolSettings("workers", "app", 1, 1, 4, 2_000_000_000UL, 0.75)));
        });
    }

    [Test]
    public void Without_a_scaling_section_scaling_is_disabled()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Principal"] = "rwlgt-iiaaa-aaaaa-aaaaa-cai" })
            .Build();
        var settings = OrchestratorSettingsValidator.Validate(configuration.Get<OrchestratorOptions>()!, AppContext.BaseDirectory);
        Assert.That(settings.Scaling, Is.Null);
    }
}
