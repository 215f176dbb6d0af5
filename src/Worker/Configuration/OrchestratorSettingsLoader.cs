using Canic.Fsm.Orchestration.Configuration;
using Microsoft.Extensions.Configuration;

namespace Canic.Fsm.Worker.Configuration;

/// <summary>Binds the <c>Orchestrator</c> section and validates it into <see cref="OrchestratorSettings"/>.</summary>
internal static class OrchestratorSettingsLoader
{
    public const string Section = "Orchestrator";

    public static OrchestratorSettings? Load(IConfiguration configuration, List<ConfigurationProblem> problems)
    {
        _ = configuration.GetSection(Section);
        _ = problems;
        return new OrchestratorSettings(); // TODO(policy): OrchestratorOptions -> OrchestratorSettings
    }
}
