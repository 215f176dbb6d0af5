using System.Collections.Frozen;
using System.Globalization;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Configuration;

/// <summary>Turns <see cref="OrchestratorOptions"/> into <see cref="OrchestratorSettings"/>, or reports every problem at once.</summary>
public static class OrchestratorSettingsValidator
{
    /// <summary>
    /// Parses and checks every value (principals, cycles, sizes, interval, module files, role references) and
    /// loads each role's module with its SHA-256. Reads files; writes nothing.
    /// </summary>
    /// <param name="options">The bound options.</param>
    /// <param name="baseDirectory">The directory relative module paths are resolved against (usually <see cref="AppContext.BaseDirectory"/>).</param>
    /// <exception cref="OrchestratorConfigurationException">Any value is bad; the exception lists them all.</exception>
    public static OrchestratorSettings Validate(OrchestratorOptions options, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var problems = new ProblemCollector();
        var principal = problems.Principal("Principal", options.Principal);
        var network = Network(options.Network, problems);
        var pool = Pool(options.Pool ?? new PoolOptions(), principal, problems);
        var roles = RoleSettingsValidator.Validate(options.Roles ?? [], principal, baseDirectory, problems);
        // Checked against the configured role names: a role with problems of its own is still a configured role.
        var scaling = options.ScalingPools is null ? null : ScalingSettingsValidator.Validate(options.ScalingPools, (options.Roles ?? []).Keys, problems);
        if (problems.Problems.Count > 0) throw new OrchestratorConfigurationException(problems.Problems);
        return new OrchestratorSettings(principal!.Value, network!.Value, pool!, roles.ToFrozenDictionary(StringComparer.Ordinal), scaling);
    }

    private static IcNetwork? Network(string? text, ProblemCollector problems)
    {
        if (string.Equals(text, "development", StringComparison.OrdinalIgnoreCase)) return IcNetwork.Development;
        if (string.Equals(text, "mainnet", StringComparison.OrdinalIgnoreCase)) return IcNetwork.Mainnet;
        problems.Add("Network", $"Network '{text}' is not one of: development, mainnet.");
        return null;
    }

    private static PoolSettings? Pool(PoolOptions pool, Principal? orchestrator, ProblemCollector problems)
    {
        var sizesValid = problems.NotNegative("Pool:MinimumSize", pool.MinimumSize)
            & problems.NotNegative("Pool:MaximumSize", pool.MaximumSize);
        if (sizesValid) problems.NotAbove("Pool:MinimumSize", pool.MinimumSize, "Pool:MaximumSize", pool.MaximumSize);
        var cycles = problems.Cycles("Pool:CanisterCycles", pool.CanisterCycles);
        var interval = CheckInterval(pool.CheckInterval, problems);
        var controllers = ControllerListValidator.Validate("Pool:Controllers", pool.Controllers ?? [], orchestrator, problems);
        return cycles is { } c && interval is { } i && controllers is not null
            ? new PoolSettings(pool.MinimumSize, pool.MaximumSize, c, i) { Controllers = controllers }
            : null;
    }

    private static TimeSpan? CheckInterval(string? text, ProblemCollector problems)
    {
        const string key = "Pool:CheckInterval";
        if (!problems.Required(key, text)) return null;
        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var interval))
            problems.Add(key, $"{key} '{text}' is not a TimeSpan (write hh:mm:ss, e.g. 00:00:30).");
        else if (interval <= TimeSpan.Zero)
            problems.Add(key, $"{key} '{text}' must be positive.");
        else
            return interval;
        return null;
    }
}
