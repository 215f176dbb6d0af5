using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Creation;

/// <summary>What one send of a creation record's call told us.</summary>
internal abstract record CreationOutcome
{
    private CreationOutcome() { }

    /// <summary>The canister exists (Ok, or the ledger's Duplicate with its id).</summary>
    public sealed record Created(Principal Pid) : CreationOutcome;

    /// <summary>Nothing was created and nothing will be: the record fails.</summary>
    public sealed record Refused(string Reason) : CreationOutcome;

    /// <summary>Not now (InsufficientFunds, TemporarilyUnavailable): resend later with the same created_at_time.</summary>
    public sealed record Wait(string Reason) : CreationOutcome;

    /// <summary>The outcome cannot be learned any more (TooOld, provisional create lost): the operator decides.</summary>
    public sealed record Blocked(string Reason) : CreationOutcome;

    /// <summary>Not applied, and worth sending again soon (a transient reject, the ledger temporarily unavailable).</summary>
    public sealed record Transient(string Reason) : CreationOutcome;

    /// <summary>The outcome is unknown for now; a resend with the same created_at_time is deduplicated.</summary>
    public sealed record Unknown(string Reason) : CreationOutcome;
}
