using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Domain;

/// <summary>The states of a pool canister (see the pool entry states table of Canic's newest generation).</summary>
public enum PoolEntryStatus
{
    /// <summary>Imported or adopted; waits for the reset worker.</summary>
    PendingReset,
    /// <summary>Reset, funded and free to be claimed.</summary>
    Ready,
    /// <summary>The reset failed or the canister is underfunded; <see cref="PoolEntry.Reason"/> says why.</summary>
    Failed,
    /// <summary>Taken by the operation <see cref="PoolEntry.OperationId"/>; still tracked, never deleted.</summary>
    Claimed,
    /// <summary>Installed by the operation <see cref="PoolEntry.OperationId"/> and in use; still tracked.</summary>
    Workload,
    /// <summary>On its way back into the pool (through a reset).</summary>
    Recycling,
}

/// <summary>One canister known to the pool. A row is claimed, never popped: it lives as long as its canister.</summary>
/// <param name="Pid">The canister id.</param>
/// <param name="CreatedAt">When the pool first tracked the canister; ties in claim and paging order are broken by the textual <paramref name="Pid"/> (ordinal).</param>
/// <param name="Cycles">The cycles the canister held at its last observation.</param>
/// <param name="Status">The pool state.</param>
/// <param name="Reason">Why the entry failed; set exactly when <paramref name="Status"/> is <see cref="PoolEntryStatus.Failed"/>.</param>
/// <param name="OperationId">The owning operation; set exactly when the status is Claimed or Workload.</param>
/// <param name="Role">The role the canister last served, if any.</param>
/// <param name="Parent">The parent of the canister, if any.</param>
/// <param name="ModuleHash">Lower-case hex SHA-256 of the module last installed, if any.</param>
/// <param name="UpdatedAt">When the row last changed.</param>
public sealed record PoolEntry(
    Principal Pid,
    DateTimeOffset CreatedAt,
    Cycles Cycles,
    PoolEntryStatus Status,
    string? Reason,
    string? OperationId,
    string? Role,
    Principal? Parent,
    string? ModuleHash,
    DateTimeOffset UpdatedAt);
