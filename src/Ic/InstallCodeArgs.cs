namespace Canic.Fsm.Ic;

/// <summary>Candid <c>install_code_args</c>.</summary>
/// <param name="Mode">Install, reinstall or upgrade.</param>
/// <param name="CanisterId">The target canister.</param>
/// <param name="WasmModule">The module (Wasm, possibly gzipped).</param>
/// <param name="Arg">The init or post-upgrade argument; null is the empty blob.</param>
/// <param name="SenderCanisterVersion">Only set by canister callers; null off-chain.</param>
public sealed record InstallCodeArgs(
    CanisterInstallMode Mode,
    Principal CanisterId,
    byte[] WasmModule,
    byte[]? Arg = null,
    ulong? SenderCanisterVersion = null);
