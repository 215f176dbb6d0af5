using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Configuration;

/// <summary>The IC network the orchestrator works on; it decides how canisters are created.</summary>
public enum IcNetwork
{
    /// <summary>A development network: <c>provisional_create_canister_with_cycles</c>.</summary>
    Development,
    /// <summary>The mainnet: the cycles ledger's <c>create_canister</c>.</summary>
    Mainnet,
}

/// <summary>The validated, typed configuration (made by <see cref="OrchestratorSettingsValidator.Validate"/>).</summary>
/// <param name="Principal">The orchestrator's principal.</param>
/// <param name="Network">The network.</param>
/// <param name="Pool">The pool.</param>
/// <param name="Roles">The roles by name (ordinal).</param>
/// <param name="Scaling">The scaling pools; null when scaling is disabled.</param>
public sealed record OrchestratorSettings(
    Principal Principal,
    IcNetwork Network,
    PoolSettings Pool,
    IReadOnlyDictionary<string, RoleSettings> Roles,
    ScalingSettings? Scaling);

/// <summary>The validated pool section.</summary>
/// <param name="MinimumSize">Ready canisters the check keeps.</param>
/// <param name="MaximumSize">Cap on pooled canisters plus pending creations; at least <paramref name="MinimumSize"/>.</param>
/// <param name="CanisterCycles">Cycles of a new pool canister and the least a reset one needs to be Ready.</param>
/// <param name="CheckInterval">The period of the pool check (positive).</param>
public sealed record PoolSettings(int MinimumSize, int MaximumSize, Cycles CanisterCycles, TimeSpan CheckInterval)
{
    /// <summary>The configured pool controllers, in order (the orchestrator is added at creation and reset); empty by default.</summary>
    public IReadOnlyList<Principal> Controllers { get; init; } = [];

    /// <summary>Value equality, the controllers compared element by element.</summary>
    /// <param name="other">The settings to compare with.</param>
    public bool Equals(PoolSettings? other) => other is not null && MinimumSize == other.MinimumSize && MaximumSize == other.MaximumSize
        && CanisterCycles == other.CanisterCycles && CheckInterval == other.CheckInterval && Controllers.SequenceEqual(other.Controllers);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(MinimumSize, MaximumSize, CanisterCycles, CheckInterval, Controllers.Count);
}

/// <summary>One validated role, with its approved module loaded.</summary>
/// <param name="Name">The role's name.</param>
/// <param name="ModulePath">The module file's full path.</param>
/// <param name="Module">The module's bytes, as read at validation.</param>
/// <param name="ModuleHash">The SHA-256 of <paramref name="Module"/> (what <c>canister_status.module_hash</c> reports once installed).</param>
/// <param name="InitialCycles">Cycles a canister of the role starts with.</param>
/// <param name="Controllers">The configured controllers, in order (the orchestrator and the parent are added at provisioning).</param>
/// <param name="Budget">The role's cycles budget; at least <paramref name="InitialCycles"/>.</param>
/// <param name="Singleton">At most one registered canister of the role.</param>
public sealed record RoleSettings(
    string Name,
    string ModulePath,
    ReadOnlyMemory<byte> Module,
    ReadOnlyMemory<byte> ModuleHash,
    Cycles InitialCycles,
    IReadOnlyList<Principal> Controllers,
    Cycles Budget,
    bool Singleton)
{
    /// <summary>The module hash in lower-case hex.</summary>
    public string ModuleHashHex => Convert.ToHexStringLower(ModuleHash.Span);
}
