using Canic.Fsm.Ic.Identity;
using Canic.Fsm.Orchestration.Configuration;
using Microsoft.Extensions.Configuration;

namespace Canic.Fsm.Worker.Configuration;

/// <summary>The orchestrator's configuration after binding and validation.</summary>
/// <param name="Host">Database and IC.</param>
/// <param name="Settings">The orchestrator's validated settings.</param>
public sealed record CanicConfiguration(CanicHostOptions Host, OrchestratorSettings Settings)
{
    /// <summary>
    /// Binds the keys of <paramref name="configuration"/> (<c>Database</c>, <c>Ic</c>, and the orchestrator's
    /// <c>Principal</c>, <c>Network</c>, <c>Pool</c>, <c>Roles</c>, <c>ScalingPools</c>) and validates them,
    /// reading the role modules but opening no database and writing no file.
    /// </summary>
    /// <exception cref="CanicConfigurationException">Every bad value, each named by its key with the reason.</exception>
    public static CanicConfiguration Load(IConfiguration configuration)
    {
        var host = new CanicHostOptions();
        var problems = new List<ConfigurationProblem>();
        Bind(configuration, host, problems);
        problems.AddRange(HostOptionsValidator.Validate(host));
        IIdentity? identity = null;
        if (host.Ic.IsHttp)
        {
            (var httpProblems, identity) = HttpBackendValidator.Validate(host.Ic);
            problems.AddRange(httpProblems);
        }
        // The orchestrator acts as the identity it signs with; the simulated IC has a fixed default principal.
        var defaultPrincipal = host.Ic.IsHttp ? identity?.Sender.ToString() : IcOptions.SimulatedPrincipal;
        var settings = OrchestratorSettingsLoader.Load(configuration, problems, defaultPrincipal);
        if (identity is not null && settings is not null) problems.AddRange(HttpBackendValidator.CrossCheck(host.Ic, identity, settings));
        return problems.Count == 0 && settings is not null
            ? new CanicConfiguration(host, settings)
            : throw new CanicConfigurationException(problems);
    }

    /// <summary>Binds <paramref name="target"/>; a value of the wrong type is a problem named by its key, not a crash.</summary>
    internal static void Bind(IConfiguration configuration, object target, List<ConfigurationProblem> problems)
    {
        try
        {
            configuration.Bind(target);
        }
        catch (InvalidOperationException e)
        {
            var key = KeyOf(e) ?? "(configuration)";
            problems.Add(new ConfigurationProblem(key, $"{key}: {e.Message}"));
        }
    }

    // The binder says "Failed to convert configuration value '<v>' at '<key>' to type '<t>'." and stops there.
    private static string? KeyOf(InvalidOperationException e)
    {
        const string marker = " at '";
        var start = e.Message.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0) return null;
        start += marker.Length;
        var end = e.Message.IndexOf('\'', start);
        return end > start ? e.Message[start..end] : null;
    }
}
