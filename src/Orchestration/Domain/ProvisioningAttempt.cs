using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Domain;

/// <summary>
/// The persisted states of a provisioning attempt; each is persisted before its effect so that it can be resumed. Stored by
/// name: a name removed here is rewritten by a migration (ControllersSet and Installed, never written, by migration 2).
/// </summary>
public enum AttemptState
{
    /// <summary>Asked for; nothing resolved yet (only inside the request's unit of work and in the history).</summary>
    Requested,
    /// <summary>The approved module of the role is known (only inside the request's unit of work and in the history).</summary>
    ModuleResolved,
    /// <summary>Cycles are reserved from a budget.</summary>
    Reserved,
    /// <summary>A canister is claimed from the pool or created; its controllers are set next.</summary>
    Allocated,
    /// <summary>The canister is registered as installing; install_code is in flight, an unknown outcome reconciled through the module hash.</summary>
    Installing,
    /// <summary>Done (terminal).</summary>
    Committed,
    /// <summary>Undoing a failed attempt: recycling or deleting its canister.</summary>
    Compensating,
    /// <summary>Given up (terminal); <see cref="ProvisioningAttempt.FailureReason"/> says why.</summary>
    Failed,
    /// <summary>Waits for the operator: an outcome that cannot be resolved automatically.</summary>
    Blocked,
}

/// <summary>Where an attempt's canister came from.</summary>
public enum AllocationSource
{
    /// <summary>Claimed from the pool.</summary>
    Pool,
    /// <summary>Created for the attempt.</summary>
    New,
}

/// <summary>One provisioning of a canister for a role; changed only by compare-and-set on <see cref="State"/>.</summary>
/// <param name="Id">The attempt id, chosen by the caller; also the operation id of its pool claim.</param>
/// <param name="Role">The role to provision.</param>
/// <param name="Parent">The parent canister, if any.</param>
/// <param name="State">The current state.</param>
/// <param name="Pid">The allocated canister, once known.</param>
/// <param name="AllocationSource">Where <paramref name="Pid"/> came from.</param>
/// <param name="ModuleHash">Lower-case hex SHA-256 of the module to install, once resolved.</param>
/// <param name="ReservationId">The cycles reservation backing the attempt, once made.</param>
/// <param name="CreationId">The creation record of a new canister, if one was created.</param>
/// <param name="FailureReason">Why the attempt failed or is blocked.</param>
/// <param name="CreatedAt">When the attempt was requested.</param>
/// <param name="UpdatedAt">When the attempt last changed.</param>
public sealed record ProvisioningAttempt(
    string Id,
    string Role,
    Principal? Parent,
    AttemptState State,
    Principal? Pid,
    AllocationSource? AllocationSource,
    string? ModuleHash,
    long? ReservationId,
    string? CreationId,
    string? FailureReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Committed and Failed are terminal: nothing resumes them and their reservations may be swept.</summary>
    public static bool IsTerminal(AttemptState state) => state is AttemptState.Committed or AttemptState.Failed;
}

/// <summary>One entry of an attempt's history, written in the same transaction as the state change.</summary>
/// <param name="AttemptId">The attempt.</param>
/// <param name="Seq">1 for the request, then one more per change.</param>
/// <param name="From">The state before; null for the request.</param>
/// <param name="To">The state after.</param>
/// <param name="Reason">Why, when the caller said.</param>
/// <param name="At">When.</param>
public sealed record AttemptTransition(string AttemptId, long Seq, AttemptState? From, AttemptState To, string? Reason, DateTimeOffset At);
