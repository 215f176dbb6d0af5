namespace Canic.Fsm.Ic;

/// <summary>The ledger's <c>withdraw</c> answer, <c>variant { Ok: nat; Err }</c>.</summary>
public abstract record WithdrawResult
{
    private WithdrawResult() { }

    /// <summary>The cycles were deposited.</summary>
    /// <param name="BlockIndex">The ledger block of the withdrawal.</param>
    public sealed record Ok(ulong BlockIndex) : WithdrawResult;

    /// <summary>The ledger refused or failed the request.</summary>
    /// <param name="Error">Why.</param>
    public sealed record Err(WithdrawError Error) : WithdrawResult;
}
