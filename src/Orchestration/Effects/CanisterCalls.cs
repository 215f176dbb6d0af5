using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Effects;

/// <summary>
/// The management calls the workflows make (Canic's ops layer). The idempotent ones (update_settings,
/// uninstall_code, canister_status, stop_canister, start_canister) are resent a bounded number of times when their
/// outcome is unknown; install_code and delete_canister are never resent here: their callers reconcile.
/// </summary>
internal sealed class CanisterCalls(IManagementCanister management, int unknownOutcomeRetries, TimeSpan retryDelay, TimeProvider time)
{
    public Task SetControllersAsync(Principal pid, IReadOnlyList<Principal> controllers, CancellationToken ct) =>
        RetryUnknownAsync(() => management.UpdateSettingsAsync(
            new UpdateSettingsArgs(pid, new CanisterSettings { Controllers = controllers }), ct), ct);

    public Task UninstallAsync(Principal pid, CancellationToken ct) =>
        RetryUnknownAsync(() => management.UninstallCodeAsync(new UninstallCodeArgs(pid), ct), ct);

    public Task<CanisterStatusResult> StatusAsync(Principal pid, CancellationToken ct) =>
        RetryUnknownAsync(() => management.CanisterStatusAsync(new CanisterIdRecord(pid), ct), ct);

    public Task StopAsync(Principal pid, CancellationToken ct) =>
        RetryUnknownAsync(() => management.StopCanisterAsync(new CanisterIdRecord(pid), ct), ct);

    public Task StartAsync(Principal pid, CancellationToken ct) =>
        RetryUnknownAsync(() => management.StartCanisterAsync(new CanisterIdRecord(pid), ct), ct);

    /// <summary>install_code in mode install; an unknown outcome propagates for reconciliation.</summary>
    public Task InstallAsync(Principal pid, byte[] module, CancellationToken ct) =>
        management.InstallCodeAsync(new InstallCodeArgs(new CanisterInstallMode.Install(), pid, module), ct);

    /// <summary>delete_canister; an unknown outcome propagates (the caller checks whether the canister is gone).</summary>
    public Task DeleteAsync(Principal pid, CancellationToken ct) =>
        management.DeleteCanisterAsync(new CanisterIdRecord(pid), ct);

    private async Task RetryUnknownAsync(Func<Task> call, CancellationToken ct) =>
        await RetryUnknownAsync(async () => { await call().ConfigureAwait(false); return true; }, ct).ConfigureAwait(false);

    private async Task<T> RetryUnknownAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (IcUnknownOutcomeException) when (attempt < unknownOutcomeRetries)
            {
                if (retryDelay > TimeSpan.Zero) await Task.Delay(retryDelay, time, ct).ConfigureAwait(false);
            }
        }
    }
}
