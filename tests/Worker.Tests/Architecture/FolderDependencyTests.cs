using Canic.Fsm.Tests.Shared;
using Canic.Fsm.Worker.Configuration;

namespace Canic.Fsm.Worker.Tests.Architecture;

/// <summary>
/// The worker's folders depend one way (docs/ORCHESTRATOR.md, "Dependencies"): configuration at the bottom, then the
/// telemetry (OpenTelemetry, /metrics), the process's own hosting aids, the HTTP API, the dashboard (which serves the
/// API's transition feed), the development replica's process (on its own), and the command line (whose <c>run</c> verb
/// composes the web application, and <c>replica</c> verb runs the replica) on top. The orchestrator's hosting itself
/// (configuration, IC backend, hosted service) is the Canic.Fsm.Hosting library.
/// </summary>
public class FolderDependencyTests : FolderDependencyTestBase
{
    protected override IReadOnlyDictionary<string, string[]> Allowed { get; } = new Dictionary<string, string[]>
    {
        ["Configuration"] = [],
        ["Telemetry"] = ["Configuration"],
        ["Hosting"] = ["Configuration", "Telemetry"],
        ["Api"] = ["Configuration", "Telemetry", "Hosting"],
        ["Dashboard"] = ["Configuration", "Telemetry", "Hosting", "Api"],
        ["Replica"] = [],
        ["Cli"] = ["Configuration", "Telemetry", "Hosting", "Api", "Dashboard", "Replica"],
    };

    protected override IReadOnlyList<(string From, string To)> KnownUses { get; } =
        [("Cli", "Api"), ("Cli", "Configuration"), ("Cli", "Dashboard"), ("Cli", "Hosting"), ("Dashboard", "Api")];

    protected override IReadOnlyList<FolderDependencies.Edge> Edges() =>
        FolderDependencies.Of(typeof(AdminOptions).Assembly, "Canic.Fsm.Worker", _ => null);
}
