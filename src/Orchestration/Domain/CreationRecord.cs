using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Domain;

/// <summary>Why a canister is being created.</summary>
public enum CreationPurpose
{
    /// <summary>Pool maintenance tops the Ready count up to minimum_size.</summary>
    PoolRefill,
    /// <summary>A provisioning attempt found no suitable pool canister (<see cref="CreationRecord.AttemptId"/>).</summary>
    Attempt,
    /// <summary>A scaling pool spawns a worker.</summary>
    Scaling,
}

/// <summary>How the canister is created.</summary>
public enum CreationMethod
{
    /// <summary>The cycles ledger's create_canister, deduplicated by created_at_time (mainnet).</summary>
    Ledger,
    /// <summary>provisional_create_canister_with_cycles (development networks only).</summary>
    Provisional,
}

/// <summary>The states of a creation record.</summary>
public enum CreationState
{
    /// <summary>Written before the paid call; the outcome is not known yet.</summary>
    Intent,
    /// <summary>The canister exists; <see cref="CreationRecord.CanisterId"/> holds it.</summary>
    Created,
    /// <summary>The outcome stayed unknown past the ledger's dedup window (TooOld): the operator decides.</summary>
    Blocked,
    /// <summary>The call was refused; nothing was created.</summary>
    Failed,
}

/// <summary>The intent to create a canister, written before the paid call, with a fixed created_at_time so that a resend is deduplicated.</summary>
/// <param name="Id">The record id, chosen by the caller.</param>
/// <param name="Purpose">Why the canister is created.</param>
/// <param name="AttemptId">The attempt, for <see cref="CreationPurpose.Attempt"/> (and scaling creations made through an attempt).</param>
/// <param name="Method">How it is created.</param>
/// <param name="CreatedAtTime">created_at_time in nanoseconds since the Unix epoch, fixed when the intent is written.</param>
/// <param name="Amount">The cycles the new canister receives.</param>
/// <param name="State">The current state.</param>
/// <param name="CanisterId">The created canister, persisted the moment it is learned.</param>
/// <param name="Error">Why the creation failed or is blocked.</param>
/// <param name="CreatedAt">When the intent was written.</param>
public sealed record CreationRecord(
    string Id,
    CreationPurpose Purpose,
    string? AttemptId,
    CreationMethod Method,
    ulong CreatedAtTime,
    Cycles Amount,
    CreationState State,
    Principal? CanisterId,
    string? Error,
    DateTimeOffset CreatedAt);
