namespace Canic.Fsm.Orchestration.Configuration;

/// <summary>Validates the <c>ScalingPools</c> section against the configured roles.</summary>
internal static class ScalingSettingsValidator
{
    public static ScalingSettings Validate(IReadOnlyDictionary<string, ScalingPoolOptions> pools, IEnumerable<string> roles, ProblemCollector problems)
    {
        var known = roles.ToHashSet(StringComparer.Ordinal);
        var valid = new Dictionary<string, ScalingPoolSettings>(StringComparer.Ordinal);
        foreach (var (name, pool) in pools.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (Validate(name, pool ?? new ScalingPoolOptions(), known, problems) is { } settings) valid[name] = settings;
        }
        return new ScalingSettings(System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(valid, StringComparer.Ordinal));
    }

    private static ScalingPoolSettings? Validate(string name, ScalingPoolOptions pool, HashSet<string> roles, ProblemCollector problems)
    {
        var prefix = $"ScalingPools:{name}";
        var before = problems.Problems.Count;
        if (problems.Required($"{prefix}:CanisterRole", pool.CanisterRole) && !roles.Contains(pool.CanisterRole!))
            problems.Add($"{prefix}:CanisterRole", $"{prefix}:CanisterRole '{pool.CanisterRole}' is not a configured role (configured: {Listed(roles)}).");
        var countsValid = problems.NotNegative($"{prefix}:InitialWorkers", pool.InitialWorkers)
            & problems.NotNegative($"{prefix}:MinWorkers", pool.MinWorkers)
            & problems.NotNegative($"{prefix}:MaxWorkers", pool.MaxWorkers);
        if (countsValid && pool.MaxWorkers > 0)
        {
            problems.NotAbove($"{prefix}:MinWorkers", pool.MinWorkers, $"{prefix}:MaxWorkers", pool.MaxWorkers);
            problems.NotAbove($"{prefix}:InitialWorkers", pool.InitialWorkers, $"{prefix}:MaxWorkers", pool.MaxWorkers);
        }
        if (pool.CapacityBytes is <= 0)
            problems.Add($"{prefix}:CapacityBytes", $"{prefix}:CapacityBytes ({pool.CapacityBytes}) must be positive; leave it out to disable capacity-driven scale-out.");
        if (!(pool.ScaleOutAt > 0 && pool.ScaleOutAt <= 1))
            problems.Add($"{prefix}:ScaleOutAt", $"{prefix}:ScaleOutAt ({pool.ScaleOutAt.ToString(System.Globalization.CultureInfo.InvariantCulture)}) must be in (0, 1], e.g. 0.8.");
        if (problems.Problems.Count > before) return null;
        return new ScalingPoolSettings(name, pool.CanisterRole!, pool.InitialWorkers, pool.MinWorkers, pool.MaxWorkers,
            pool.CapacityBytes is { } capacity ? (ulong)capacity : null, pool.ScaleOutAt);
    }

    private static string Listed(HashSet<string> roles) => roles.Count == 0 ? "none" : string.Join(", ", roles.Order(StringComparer.Ordinal));
}
