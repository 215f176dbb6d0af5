using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Tests.Support;

/// <summary>
/// Forwards every management-canister call to <paramref name="inner"/>: a test's gate, recorder or fault overrides only
/// the calls it is about.
/// </summary>
internal abstract class ForwardingManagementCanister(IManagementCanister inner) : IManagementCanister
{
    /// <summary>The canister the calls go to.</summary>
    protected IManagementCanister Inner { get; } = inner;

    public Principal Caller => Inner.Caller;

    public virtual Task<CanisterStatusResult> CanisterStatusAsync(CanisterIdRecord args, CancellationToken ct = default) => Inner.CanisterStatusAsync(args, ct);

    public virtual Task UpdateSettingsAsync(UpdateSettingsArgs args, CancellationToken ct = default) => Inner.UpdateSettingsAsync(args, ct);

    public virtual Task InstallCodeAsync(InstallCodeArgs args, CancellationToken ct = default) => Inner.InstallCodeAsync(args, ct);

    public virtual Task UninstallCodeAsync(UninstallCodeArgs args, CancellationToken ct = default) => Inner.UninstallCodeAsync(args, ct);

    public virtual Task StopCanisterAsync(CanisterIdRecord args, CancellationToken ct = default) => Inner.StopCanisterAsync(args, ct);

    public virtual Task StartCanisterAsync(CanisterIdRecord args, CancellationToken ct = default) => Inner.StartCanisterAsync(args, ct);

    public virtual Task DeleteCanisterAsync(CanisterIdRecord args, CancellationToken ct = default) => Inner.DeleteCanisterAsync(args, ct);

    public virtual Task<CanisterIdRecord> ProvisionalCreateCanisterWithCyclesAsync(ProvisionalCreateCanisterWithCyclesArgs args, CancellationToken ct = default) =>
        Inner.ProvisionalCreateCanisterWithCyclesAsync(args, ct);
}
