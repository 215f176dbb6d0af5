namespace Canic.Fsm.Ic;

/// <summary>The ledger's <c>create_canister</c> answer, <c>variant { Ok; Err }</c>: expected errors are values, not exceptions.</summary>
public abstract record CreateCanisterResult
{
    private CreateCanisterResult() { }

    /// <summary>The canister was created.</summary>
    /// <param name="Value">The block and the new canister id.</param>
    public sealed record Ok(CreateCanisterSuccess Value) : CreateCanisterResult;

    /// <summary>The ledger refused or failed the request.</summary>
    /// <param name="Error">Why.</param>
    public sealed record Err(CreateCanisterError Error) : CreateCanisterResult;
}
