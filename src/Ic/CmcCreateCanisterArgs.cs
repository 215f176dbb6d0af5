namespace Canic.Fsm.Ic;

/// <summary>Candid <c>CmcCreateCanisterArgs</c>: the <c>creation_args</c> of the cycles ledger's <c>create_canister</c>.</summary>
/// <param name="Settings">Initial settings; null controllers mean the caller alone.</param>
/// <param name="SubnetSelection">Where to create the canister; null lets the network choose.</param>
public sealed record CmcCreateCanisterArgs(CanisterSettings? Settings = null, SubnetSelection? SubnetSelection = null);
