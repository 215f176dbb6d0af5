namespace Canic.Fsm.Ic;

/// <summary>Candid <c>WithdrawArgs</c> of the cycles ledger: sends cycles from an account to a canister.</summary>
/// <param name="Amount">The cycles to deposit into the canister (the ledger fee is charged on top).</param>
/// <param name="To">The receiving canister.</param>
/// <param name="CreatedAtTime">Nanoseconds since the epoch; when set, an identical resend inside the window answers <c>Duplicate</c>.</param>
/// <param name="FromSubaccount">The caller's subaccount to pay from; null is the default one.</param>
public sealed record WithdrawArgs(Cycles Amount, Principal To, ulong? CreatedAtTime = null, byte[]? FromSubaccount = null);
