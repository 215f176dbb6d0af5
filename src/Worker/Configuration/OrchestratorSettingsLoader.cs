using Canic.Fsm.Orchestration.Configuration;
using Microsoft.Extensions.Configuration;

namespace Canic.Fsm.Worker.Configuration;

/// <summary>
/// Binds the orchestrator's keys (<c>Principal</c>, <c>Network</c>, <c>Pool</c>, <c>Roles</c>,
/// <c>ScalingPools</c>) and validates them into <see cref="OrchestratorSettings"/>, loading the role modules.
/// </summary>
internal static class OrchestratorSettingsLoader
{
    /// <param name="configuration">The configuration.</param>
    /// <param name="problems">Where problems are added.</param>
    /// <param name="defaultPrincipal">The principal when <c>Principal</c> is not configured (the backend's identity); null leaves it required.</param>
    public static OrchestratorSettings? Load(IConfiguration configuration, List<ConfigurationProblem> problems, string? defaultPrincipal = null)
    {
        var options = new OrchestratorOptions();
        CanicConfiguration.Bind(configuration, options, problems);
        if (string.IsNullOrEmpty(options.Principal)) options.Principal = defaultPrincipal;
        PreferCurrentDirectory(options);
        try
        {
            // Relative module paths not found in the current directory are the ones shipped next to the worker.
            return OrchestratorSettingsValidator.Validate(options, AppContext.BaseDirectory);
        }
        catch (OrchestratorConfigurationException e)
        {
            problems.AddRange(e.Problems);
            return null;
        }
    }

    /// <summary>A relative module path that exists in the current directory means that file, as a user would expect.</summary>
    private static void PreferCurrentDirectory(OrchestratorOptions options)
    {
        foreach (var role in options.Roles.Values)
        {
            if (role?.ModulePath is { } path && !Path.IsPathRooted(path) && File.Exists(path))
                role.ModulePath = Path.GetFullPath(path);
        }
    }
}
