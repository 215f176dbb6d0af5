namespace Canic.Fsm.Ic;

/// <summary>Candid <c>CreateCanisterError</c>: the expected failures of the ledger's <c>create_canister</c>.</summary>
public abstract record CreateCanisterError
{
    private CreateCanisterError() { }

    /// <summary>The account holds less than the amount plus the fee.</summary>
    /// <param name="Balance">The account's balance.</param>
    public sealed record InsufficientFunds(Cycles Balance) : CreateCanisterError;

    /// <summary><c>created_at_time</c> is older than the deduplication window: the ledger cannot tell whether it already ran.</summary>
    public sealed record TooOld : CreateCanisterError;

    /// <summary><c>created_at_time</c> is further ahead than the permitted drift.</summary>
    /// <param name="LedgerTime">The ledger's time, in nanoseconds since the epoch.</param>
    public sealed record CreatedInFuture(ulong LedgerTime) : CreateCanisterError;

    /// <summary>The ledger cannot serve the request now; a retry may help.</summary>
    public sealed record TemporarilyUnavailable : CreateCanisterError;

    /// <summary>An identical request with the same <c>created_at_time</c> already ran: this is its result.</summary>
    /// <param name="DuplicateOf">The block of the original request.</param>
    /// <param name="CanisterId">The canister the original request created, if it created one.</param>
    public sealed record Duplicate(ulong DuplicateOf, Principal? CanisterId) : CreateCanisterError;

    /// <summary>The ledger charged its fee but the canister could not be created; the amount was refunded.</summary>
    /// <param name="FeeBlock">The block that charged the fee.</param>
    /// <param name="RefundBlock">The block that refunded the amount.</param>
    /// <param name="Error">Why the creation failed.</param>
    public sealed record FailedToCreate(ulong? FeeBlock, ulong? RefundBlock, string Error) : CreateCanisterError;

    /// <summary>Any other error.</summary>
    /// <param name="ErrorCode">A numeric error code.</param>
    /// <param name="Message">The error message.</param>
    public sealed record GenericError(ulong ErrorCode, string Message) : CreateCanisterError;
}
