namespace Canic.Fsm.Ic;

/// <summary>
/// The IC management canister (<c>aaaaa-aa</c>, <c>ic.did</c>) as an off-chain caller sees it, acting for one
/// caller principal. Every method throws <see cref="IcRejectException"/> when the call is rejected (it then
/// had no effect) and <see cref="IcUnknownOutcomeException"/> when its outcome is unknown.
/// </summary>
public interface IManagementCanister
{
    /// <summary>The principal these calls are made as.</summary>
    Principal Caller { get; }

    /// <summary><c>canister_status</c>: status, settings, module hash, memory and cycles (controllers only).</summary>
    Task<CanisterStatusResult> CanisterStatusAsync(CanisterIdRecord args, CancellationToken cancellationToken = default);

    /// <summary><c>update_settings</c>: sets the given settings, leaves the omitted ones (controllers only; at most 10 controllers).</summary>
    Task UpdateSettingsAsync(UpdateSettingsArgs args, CancellationToken cancellationToken = default);

    /// <summary><c>install_code</c>: install (empty canister only), reinstall or upgrade; atomic (controllers only).</summary>
    Task InstallCodeAsync(InstallCodeArgs args, CancellationToken cancellationToken = default);

    /// <summary><c>uninstall_code</c>: removes the module and state, keeps cycles and controllers (controllers only).</summary>
    Task UninstallCodeAsync(UninstallCodeArgs args, CancellationToken cancellationToken = default);

    /// <summary><c>stop_canister</c> (controllers only; idempotent).</summary>
    Task StopCanisterAsync(CanisterIdRecord args, CancellationToken cancellationToken = default);

    /// <summary><c>start_canister</c> (controllers only; idempotent).</summary>
    Task StartCanisterAsync(CanisterIdRecord args, CancellationToken cancellationToken = default);

    /// <summary><c>delete_canister</c>: only a stopped canister; its cycles are discarded (controllers only).</summary>
    Task DeleteCanisterAsync(CanisterIdRecord args, CancellationToken cancellationToken = default);

    /// <summary><c>provisional_create_canister_with_cycles</c>: development networks only; not idempotent.</summary>
    Task<CanisterIdRecord> ProvisionalCreateCanisterWithCyclesAsync(ProvisionalCreateCanisterWithCyclesArgs args, CancellationToken cancellationToken = default);
}
