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
    ScalingSettings? Scaling)
{
    /// <summary>The retry policy of IC calls; <see cref="RetrySettings.Default"/> unless configured.</summary>
    public RetrySettings Retry { get; init; } = RetrySettings.Default;
}

/// <summary>
/// The validated retry policy: a transient reject (code 2) of any IC call, and an unknown outcome of an idempotent one, is
/// sent again after a jittered exponential delay (<paramref name="BaseDelay"/> doubled per retry, at most
/// <paramref name="MaxDelay"/>), at most <paramref name="MaxAttempts"/> sends in all, and no retry starts once
/// <paramref name="MaxTotal"/> has passed since the first send.
/// </summary>
/// <param name="MaxAttempts">Sends of one call at most, the first included (1 to 100).</param>
/// <param name="BaseDelay">The delay before the first retry (0 to <paramref name="MaxDelay"/>).</param>
/// <param name="MaxDelay">The longest delay between two sends (at most a day).</param>
/// <param name="MaxTotal">The time after the first send past which no retry starts (positive).</param>
public sealed record RetrySettings(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan MaxTotal)
{
    /// <summary>6 sends, 200 ms doubling up to 5 s, no retry after 30 s.</summary>
    public static RetrySettings Default { get; } = new(6, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
}

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
