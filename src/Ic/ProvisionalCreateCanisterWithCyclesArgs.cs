namespace Canic.Fsm.Ic;

/// <summary>Candid <c>provisional_create_canister_with_cycles_args</c> (development networks only).</summary>
/// <param name="Amount">The cycles of the new canister; null is the network's default balance.</param>
/// <param name="Settings">Initial settings; null controllers mean the caller alone.</param>
/// <param name="SpecifiedId">A canister id to create, or null to let the network allocate one.</param>
/// <param name="SenderCanisterVersion">Only set by canister callers; null off-chain.</param>
public sealed record ProvisionalCreateCanisterWithCyclesArgs(
    Cycles? Amount = null,
    CanisterSettings? Settings = null,
    Principal? SpecifiedId = null,
    ulong? SenderCanisterVersion = null);
