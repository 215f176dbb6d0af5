using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Runtime;

/// <summary>The pool's bounds, per-canister cycles and controllers (given to every pool canister at creation and reset, before the orchestrator).</summary>
internal sealed record PoolConfig(int MinimumSize, int MaximumSize, Cycles CanisterCycles, TimeSpan CheckInterval, IReadOnlyList<Principal>? Controllers = null)
{
    public IReadOnlyList<Principal> Controllers { get; } = Controllers ?? [];
}

/// <summary>
/// A role the orchestrator provisions: its approved module (null = none approved), cycles and budget; a singleton role
/// has at most one registered canister and one attempt in flight.
/// </summary>
internal sealed record RoleConfig(string Name, byte[]? Module, Cycles InitialCycles, IReadOnlyList<Principal> Controllers, Cycles Budget, bool Singleton = false)
{
    /// <summary>The lower-case hex SHA-256 of the module, or null when no module is approved.</summary>
    public string? ModuleHash { get; } = Module is null ? null : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Module));
}

/// <summary>
/// Everything the workflows read from the settings, in one place, so that the settings' shape can
/// change without touching the workflows.
/// </summary>
internal sealed record OrchestratorConfig(
    IReadOnlyList<Principal> Controllers,
    PoolConfig Pool,
    CreationMethod Creation,
    Cycles CreationFee,
    IReadOnlyDictionary<string, RoleConfig> Roles,
    ScalingSettings? Scaling,
    RetrySettings? Retry = null)
{
    /// <summary>The retry policy of IC calls.</summary>
    public RetrySettings Retry { get; } = Retry ?? RetrySettings.Default;

    /// <summary>The cycles asked for a new canister: the configured amount plus the creation fee, so that it is not "below" once created.</summary>
    public Cycles CreationAmount(Cycles configured) => configured + CreationFee;
}
