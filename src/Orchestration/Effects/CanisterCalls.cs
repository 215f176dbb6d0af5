using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Effects;

/// <summary>
/// The management calls the workflows make (Canic's ops layer), each through the retry policy. The idempotent ones
/// (update_settings, uninstall_code, canister_status, stop_canister, start_canister, delete_canister: a resend of a delete
/// that took effect answers "not found") are resent on a transient reject and on an unknown outcome; install_code only on a
/// transient reject (a reject means the call had no effect): its unknown outcome propagates for reconciliation by module hash.
/// </summary>
internal sealed class CanisterCalls(IManagementCanister management, IcRetry retry)
{
    /// <summary>The orchestrator's own principal, the caller of these calls: it stays a controller of every canister it holds.</summary>
    public Principal Self => management.Caller;

    public Task SetControllersAsync(Principal pid, IReadOnlyList<Principal> controllers, CancellationToken ct) =>
        retry.CallAsync("update_settings", idempotent: true, token => management.UpdateSettingsAsync(
            new UpdateSettingsArgs(pid, new CanisterSettings { Controllers = controllers }), token), ct);

    public Task UninstallAsync(Principal pid, CancellationToken ct) =>
        retry.CallAsync("uninstall_code", idempotent: true, token => management.UninstallCodeAsync(new UninstallCodeArgs(pid), token), ct);

    public Task<CanisterStatusResult> StatusAsync(Principal pid, CancellationToken ct) =>
        retry.CallAsync("canister_status", idempotent: true, token => management.CanisterStatusAsync(new CanisterIdRecord(pid), token), ct);

    public Task StopAsync(Principal pid, CancellationToken ct) =>
        retry.CallAsync("stop_canister", idempotent: true, token => management.StopCanisterAsync(new CanisterIdRecord(pid), token), ct);

    public Task StartAsync(Principal pid, CancellationToken ct) =>
        retry.CallAsync("start_canister", idempotent: true, token => management.StartCanisterAsync(new CanisterIdRecord(pid), token), ct);

    /// <summary>install_code in mode install; transient rejects are retried, an unknown outcome propagates for reconciliation.</summary>
    public Task InstallAsync(Principal pid, byte[] module, CancellationToken ct) =>
        retry.CallAsync("install_code", idempotent: false, token => management.InstallCodeAsync(new InstallCodeArgs(new CanisterInstallMode.Install(), pid, module), token), ct);

    /// <summary>delete_canister, resent like the idempotent calls: once it took effect, a resend answers "not found" (code 3).</summary>
    public Task DeleteAsync(Principal pid, CancellationToken ct) =>
        retry.CallAsync("delete_canister", idempotent: true, token => management.DeleteCanisterAsync(new CanisterIdRecord(pid), token), ct);
}
