namespace Canic.Fsm.Ic;

/// <summary>Candid <c>CreateCanisterArgs</c> of the cycles ledger.</summary>
/// <param name="Amount">Cycles for the new canister (the ledger fee is charged on top).</param>
/// <param name="CreatedAtTime">
/// Nanoseconds since the epoch. When set, an identical resend inside the deduplication window answers
/// <c>Duplicate</c> with the canister id instead of creating a second canister.
/// </param>
/// <param name="FromSubaccount">The caller's subaccount to pay from; null is the default one.</param>
/// <param name="CreationArgs">Settings and subnet selection; null means the caller controls the canister.</param>
public sealed record CreateCanisterArgs(
    Cycles Amount,
    ulong? CreatedAtTime = null,
    byte[]? FromSubaccount = null,
    CmcCreateCanisterArgs? CreationArgs = null);
