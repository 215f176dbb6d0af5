namespace Canic.Fsm.Ic;

/// <summary>Candid <c>CreateCanisterSuccess</c>.</summary>
/// <param name="BlockId">The ledger block that burnt the amount and fee.</param>
/// <param name="CanisterId">The new canister.</param>
public sealed record CreateCanisterSuccess(ulong BlockId, Principal CanisterId);
