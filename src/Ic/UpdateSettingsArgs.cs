namespace Canic.Fsm.Ic;

/// <summary>Candid <c>update_settings_args</c>.</summary>
/// <param name="CanisterId">The canister to change.</param>
/// <param name="Settings">The settings to set; null fields stay unchanged.</param>
/// <param name="SenderCanisterVersion">Only set by canister callers; null off-chain.</param>
public sealed record UpdateSettingsArgs(Principal CanisterId, CanisterSettings Settings, ulong? SenderCanisterVersion = null);
