namespace Canic.Fsm.Ic;

/// <summary>
/// Candid <c>canister_settings</c>: every field is optional, and an omitted (null) field is left unchanged
/// by <c>update_settings</c>.
/// </summary>
public sealed record CanisterSettings
{
    /// <summary>The most controllers the IC accepts on one canister.</summary>
    public const int MaxControllers = 10;

    /// <summary>The new controllers (at most <see cref="MaxControllers"/>), or null to keep them.</summary>
    public IReadOnlyList<Principal>? Controllers { get; init; }

    /// <summary><c>compute_allocation</c> (percent), or null to keep it.</summary>
    public ulong? ComputeAllocation { get; init; }

    /// <summary><c>memory_allocation</c> (bytes), or null to keep it.</summary>
    public ulong? MemoryAllocation { get; init; }

    /// <summary><c>freezing_threshold</c> (seconds), or null to keep it.</summary>
    public ulong? FreezingThreshold { get; init; }

    /// <summary><c>reserved_cycles_limit</c>, or null to keep it.</summary>
    public Cycles? ReservedCyclesLimit { get; init; }

    /// <summary><c>log_visibility</c>, or null to keep it.</summary>
    public LogVisibility? LogVisibility { get; init; }

    /// <summary><c>wasm_memory_limit</c> (bytes), or null to keep it.</summary>
    public ulong? WasmMemoryLimit { get; init; }
}
