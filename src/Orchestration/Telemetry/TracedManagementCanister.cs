using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Telemetry;

/// <summary>The management canister with a client span per call (<see cref="IcCallSpans"/>).</summary>
internal sealed class TracedManagementCanister(IManagementCanister inner) : IManagementCanister
{
    private const string Service = IcCallSpans.ManagementService;

    public Principal Caller => inner.Caller;

    public Task<CanisterStatusResult> CanisterStatusAsync(CanisterIdRecord args, CancellationToken cancellationToken = default) =>
        IcCallSpans.CallAsync(Service, "canister_status", args.CanisterId, () => inner.CanisterStatusAsync(args, cancellationToken));

    public Task UpdateSettingsAsync(UpdateSettingsArgs args, CancellationToken cancellationToken = default) =>
        IcCallSpans.CallAsync(Service, "update_settings", args.CanisterId, () => inner.UpdateSettingsAsync(args, cancellationToken));

    public Task InstallCodeAsync(InstallCodeArgs args, CancellationToken cancellationToken = default) =>
        IcCallSpans.CallAsync(Service, "install_code", args.CanisterId, () => inner.InstallCodeAsync(args, cancellationToken));

    public Task UninstallCodeAsync(UninstallCodeArgs args, CancellationToken cancellationToken = default) =>
        IcCallSpans.CallAsync(Service, "uninstall_code", args.CanisterId, () => inner.UninstallCodeAsync(args, cancellationToken));

    public Task StopCanisterAsync(CanisterIdRecord args, CancellationToken cancellationToken = default) =>
        IcCallSpans.CallAsync(Service, "stop_canister", args.CanisterId, () => inner.StopCanisterAsync(args, cancellationToken));

    public Task StartCanisterAsync(CanisterIdRecord args, CancellationToken cancellationToken = default) =>
        IcCallSpans.CallAsync(Service, "start_canister", args.CanisterId, () => inner.StartCanisterAsync(args, cancellationToken));

    public Task DeleteCanisterAsync(CanisterIdRecord args, CancellationToken cancellationToken = default) =>
        IcCallSpans.CallAsync(Service, "delete_canister", args.CanisterId, () => inner.DeleteCanisterAsync(args, cancellationToken));

    public Task<CanisterIdRecord> ProvisionalCreateCanisterWithCyclesAsync(ProvisionalCreateCanisterWithCyclesArgs args, CancellationToken cancellationToken = default) =>
        IcCallSpans.CallAsync(Service, "provisional_create_canister_with_cycles", null,
            () => inner.ProvisionalCreateCanisterWithCyclesAsync(args, cancellationToken), created: result => result.CanisterId);
}
