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
        var retry = Retry(options.Retry ?? new RetryOptions(), problems);
        if (problems.Problems.Count > 0) throw new OrchestratorConfigurationException(problems.Problems);
        return new OrchestratorSettings(principal!.Value, network!.Value, pool!, roles.ToFrozenDictionary(StringComparer.Ordinal), scaling) { Retry = retry! };
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

    private static TimeSpan? CheckInterval(string? text, ProblemCollector problems) => Duration("Pool:CheckInterval", text, allowZero: false, problems);

    private static readonly TimeSpan LongestDelay = TimeSpan.FromDays(1);

    private static RetrySettings? Retry(RetryOptions retry, ProblemCollector problems)
    {
        var attemptsValid = retry.MaxAttempts is >= 1 and <= 100;
        if (!attemptsValid) problems.Add("Retry:MaxAttempts", $"Retry:MaxAttempts ({retry.MaxAttempts}) must lie between 1 and 100.");
        var baseDelay = Duration("Retry:BaseDelay", retry.BaseDelay, allowZero: true, problems);
        var maxDelay = Duration("Retry:MaxDelay", retry.MaxDelay, allowZero: true, problems);
        var maxTotal = Duration("Retry:MaxTotal", retry.MaxTotal, allowZero: false, problems);
        if (maxDelay > LongestDelay) { problems.Add("Retry:MaxDelay", $"Retry:MaxDelay '{retry.MaxDelay}' is longer than a day."); maxDelay = null; }
        if (baseDelay > maxDelay) { problems.Add("Retry:BaseDelay", $"Retry:BaseDelay '{retry.BaseDelay}' is longer than Retry:MaxDelay '{retry.MaxDelay}'."); baseDelay = null; }
        return attemptsValid && baseDelay is { } b && maxDelay is { } d && maxTotal is { } t ? new RetrySettings(retry.MaxAttempts, b, d, t) : null;
    }

    private static TimeSpan? Duration(string key, string? text, bool allowZero, ProblemCollector problems)
    {
        if (!problems.Required(key, text)) return null;
        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value))
            problems.Add(key, $"{key} '{text}' is not a TimeSpan (write hh:mm:ss, e.g. 00:00:30).");
        else if (value < TimeSpan.Zero || value == TimeSpan.Zero && !allowZero)
            problems.Add(key, $"{key} '{text}' must be {(allowZero ? "zero or positive" : "positive")}.");
        else
            return value;
        return null;
    }
}
