using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Domain;

/// <summary>The states of a registered canister.</summary>
public enum RegistryStatus
{
    /// <summary>Registered before install_code (as Canic does); removed again if the install fails.</summary>
    Installing,
    /// <summary>Installed and serving its role.</summary>
    Active,
}

/// <summary>A canister installed (or being installed) by the orchestrator.</summary>
/// <param name="Pid">The canister id.</param>
/// <param name="Role">Its role.</param>
/// <param name="Parent">Its parent, if any.</param>
/// <param name="ModuleHash">Lower-case hex SHA-256 of its module.</param>
/// <param name="Status">Installing or Active.</param>
/// <param name="AttemptId">The attempt that installed it.</param>
/// <param name="CreatedAt">When it was registered.</param>
public sealed record RegistryEntry(
    Principal Pid,
    string Role,
    Principal? Parent,
    string ModuleHash,
    RegistryStatus Status,
    string AttemptId,
    DateTimeOffset CreatedAt);
