namespace Canic.Fsm.Ic;

/// <summary>Candid <c>uninstall_code_args</c>.</summary>
/// <param name="CanisterId">The canister to empty; it keeps its cycles and controllers.</param>
/// <param name="SenderCanisterVersion">Only set by canister callers; null off-chain.</param>
public sealed record UninstallCodeArgs(Principal CanisterId, ulong? SenderCanisterVersion = null);
