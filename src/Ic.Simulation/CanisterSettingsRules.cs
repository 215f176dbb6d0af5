namespace Canic.Fsm.Ic.Simulation;

/// <summary>How the simulated IC applies <c>canister_settings</c>: defaults, the 10-controller limit, omitted fields kept.</summary>
internal static class CanisterSettingsRules
{
    public const int MaxControllers = 10;

    /// <summary>The settings of a new canister: the replica's defaults, then <paramref name="settings"/>.</summary>
    public static DefiniteCanisterSettings ForNewCanister(Principal creator, CanisterSettings? settings, IcMethod method)
    {
        var defaults = new DefiniteCanisterSettings(
            Controllers: [creator],
            ComputeAllocation: 0,
            MemoryAllocation: 0,
            FreezingThreshold: 2_592_000, // 30 days
            ReservedCyclesLimit: Cycles.Parse("5T"),
            LogVisibility: new LogVisibility.Controllers(),
            WasmMemoryLimit: 3UL << 30);
        return settings is null ? defaults : Apply(defaults, settings, method);
    }

    /// <summary>The settings after an update: given fields replace, null fields stay.</summary>
    /// <exception cref="IcRejectException">More than 10 controllers, or a compute allocation above 100.</exception>
    public static DefiniteCanisterSettings Apply(DefiniteCanisterSettings current, CanisterSettings update, IcMethod method)
    {
        if (update.Controllers is { Count: > MaxControllers } controllers)
            throw ManagementRejects.InvalidSettings(method, $"{controllers.Count} controllers given, at most {MaxControllers} are allowed");
        if (update.ComputeAllocation is > 100)
            throw ManagementRejects.InvalidSettings(method, $"compute_allocation {update.ComputeAllocation} is above 100");
        return new DefiniteCanisterSettings(
            // The IC keeps controllers as a set ordered by bytes.
            update.Controllers is null ? current.Controllers : update.Controllers.Distinct().Order().ToArray(),
            update.ComputeAllocation ?? current.ComputeAllocation,
            update.MemoryAllocation ?? current.MemoryAllocation,
            update.FreezingThreshold ?? current.FreezingThreshold,
            update.ReservedCyclesLimit ?? current.ReservedCyclesLimit,
            update.LogVisibility ?? current.LogVisibility,
            update.WasmMemoryLimit ?? current.WasmMemoryLimit);
    }
}
