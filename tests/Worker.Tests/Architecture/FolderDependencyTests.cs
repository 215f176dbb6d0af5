using Canic.Fsm.Tests.Shared;
using Canic.Fsm.Worker.Hosting;

namespace Canic.Fsm.Worker.Tests.Architecture;

/// <summary>
/// The worker's folders depend one way (docs/ORCHESTRATOR.md, "Dependencies"): configuration at the bottom, then the
/// IC backend and the telemetry (OpenTelemetry, /metrics), the hosting of the orchestrator, the HTTP API, the dashboard
/// (which serves the API's transition feed), the development replica's process (on its own), and the command line (whose
/// <c>run</c> verb composes the web application, and <c>replica</c> verb runs the replica) on top.
/// </summary>
public class FolderDependencyTests : FolderDependencyTestBase
{
    protected override IReadOnlyDictionary<string, string[]> Allowed { get; } = new Dictionary<string, string[]>
    {
        ["Configuration"] = [],
        ["Telemetry"] = ["Configuration"],
        ["Ic"] = ["Configuration"],
        ["Hosting"] = ["Configuration", "Ic", "Telemetry"],
        ["Api"] = ["Configuration", "Ic", "Telemetry", "Hosting"],
        ["Dashboard"] = ["Configuration", "Ic", "Telemetry", "Hosting", "Api"],
        ["Replica"] = [],
        ["Cli"] = ["Configuration", "Ic", "Telemetry", "Hosting", "Api", "Dashboard", "Replica"],
    };

    protected override IReadOnlyList<(string From, string To)> KnownUses { get; } =
        [("Api", "Hosting"), ("Cli", "Api"), ("Hosting", "Ic"), ("Ic", "Configuration")];

    // The DI registration lives in the framework's namespace, so that embedders find it; it is part of the hosting.
    protected override IReadOnlyList<FolderDependencies.Edge> Edges() =>
        FolderDependencies.Of(typeof(OrchestratorAccessor).Assembly, "Canic.Fsm.Worker",
            ns => ns == "Microsoft.Extensions.DependencyInjection" ? "Hosting" : null);
}
