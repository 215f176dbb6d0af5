namespace Canic.Fsm.Ic;

/// <summary>Candid <c>WithdrawError</c>: the expected failures of the ledger's <c>withdraw</c>.</summary>
public abstract record WithdrawError
{
    private WithdrawError() { }

    /// <summary>The account holds less than the amount plus the fee.</summary>
    /// <param name="Balance">The account's balance.</param>
    public sealed record InsufficientFunds(Cycles Balance) : WithdrawError;

    /// <summary><c>created_at_time</c> is older than the deduplication window.</summary>
    public sealed record TooOld : WithdrawError;

    /// <summary><c>created_at_time</c> is further ahead than the permitted drift.</summary>
    /// <param name="LedgerTime">The ledger's time, in nanoseconds since the epoch.</param>
    public sealed record CreatedInFuture(ulong LedgerTime) : WithdrawError;

    /// <summary>The ledger cannot serve the request now; a retry may help.</summary>
    public sealed record TemporarilyUnavailable : WithdrawError;

    /// <summary>An identical request with the same <c>created_at_time</c> already ran.</summary>
    /// <param name="DuplicateOf">The block of the original request.</param>
    public sealed record Duplicate(ulong DuplicateOf) : WithdrawError;

    /// <summary>The fee given does not match the ledger's.</summary>
    /// <param name="ExpectedFee">The ledger's fee.</param>
    public sealed record BadFee(Cycles ExpectedFee) : WithdrawError;

    /// <summary>The receiver cannot receive cycles.</summary>
    /// <param name="Receiver">The receiver.</param>
    public sealed record InvalidReceiver(Principal Receiver) : WithdrawError;

    /// <summary>The deposit into the canister was rejected; the fee was charged and the amount refunded.</summary>
    /// <param name="FeeBlock">The block that charged the fee.</param>
    /// <param name="RejectionCode">The reject code of the deposit.</param>
    /// <param name="RejectionReason">The reject message of the deposit.</param>
    public sealed record FailedToWithdraw(ulong? FeeBlock, RejectCode RejectionCode, string RejectionReason) : WithdrawError;

    /// <summary>Any other error.</summary>
    /// <param name="ErrorCode">A numeric error code.</param>
    /// <param name="Message">The error message.</param>
    public sealed record GenericError(ulong ErrorCode, string Message) : WithdrawError;
}
