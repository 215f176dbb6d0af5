using Canic.Fsm.Tests.Shared;

namespace Canic.Fsm.Orchestration.Tests.Architecture;

/// <summary>
/// The folders of the orchestration depend one way (docs/ORCHESTRATOR.md, "Dependencies"): the contract, the domain,
/// the settings, the metrics and the IC calls at the bottom; pure policy and the store above them; then the runtime
/// (commits, reports), creation, the pool, provisioning, scaling, the periodic check and the start-up recovery, each
/// using only what is below it; the facade on top. Read from the compiled assembly, so a qualified name counts too.
/// </summary>
public class FolderDependencyTests : FolderDependencyTestBase
{
    private static readonly string[] Bottom = ["Api", "Configuration", "Domain", "Effects", "Metrics", "Telemetry"];
    private static readonly string[] Runtime = [.. Bottom, "Policy", "Store", "Runtime"];
    private static readonly string[] Creation = [.. Runtime, "Creation"];
    private static readonly string[] Pool = [.. Creation, "Pool"];
    private static readonly string[] Provisioning = [.. Pool, "Provisioning"];
    private static readonly string[] Scaling = [.. Provisioning, "Scaling"];

    protected override IReadOnlyDictionary<string, string[]> Allowed { get; } = new Dictionary<string, string[]>
    {
        ["Api"] = [],
        ["Configuration"] = [],
        ["Domain"] = [],
        ["Effects"] = ["Configuration", "Metrics"],
        ["Metrics"] = [],
        ["Telemetry"] = [],
        ["Policy"] = ["Configuration", "Domain"],
        ["Store"] = ["Domain"],
        ["Runtime"] = [.. Bottom, "Policy", "Store"],
        ["Creation"] = Runtime,
        ["Pool"] = Creation,
        ["Provisioning"] = Pool,
        ["Scaling"] = Provisioning,
        ["Maintenance"] = Scaling,
        ["Recovery"] = Provisioning,
        [""] = [.. Scaling, "Maintenance", "Recovery"],
    };

    // Provisioning -> Pool is a constructor signature; Scaling -> Configuration only a qualified name
    // (Configuration.ScalingPoolSettings); Maintenance -> Pool a call inside an async state machine.
    protected override IReadOnlyList<(string From, string To)> KnownUses { get; } =
        [("Provisioning", "Pool"), ("Scaling", "Configuration"), ("Maintenance", "Pool"), ("Store", "Domain")];

    protected override IReadOnlyList<FolderDependencies.Edge> Edges() =>
        FolderDependencies.Of(typeof(Orchestration.Orchestrator).Assembly, "Canic.Fsm.Orchestration");

    [Test]
    public void A_use_against_the_direction_is_reported()
    {
        var edges = new[] { new FolderDependencies.Edge("Pool", "Provisioning", "Canic.Fsm.Orchestration.Pool.X", "Canic.Fsm.Orchestration.Provisioning.Y") };
        Assert.That(FolderDependencies.Forbidden(edges, Allowed), Has.Count.EqualTo(1));
    }
}
