using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Tests.Telemetry;

/// <summary>
/// Once armed, holds every update_settings until its caller cancels it, so a test can stop the orchestrator in the
/// middle of a cancellable call (install_code, by contrast, is never cancelled: a stop waits for it).
/// </summary>
internal sealed class HeldSettings(IManagementCanister inner) : IManagementCanister
{
    private volatile bool _armed;

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public Principal Caller => inner.Caller;

    public void Arm() => _armed = true;

    public async Task UpdateSettingsAsync(UpdateSettingsArgs args, CancellationToken ct = default)
    {
        if (!_armed)
        {
            await inner.UpdateSettingsAsync(args, ct);
            return;
        }
        Entered.TrySetResult();
        await Task.Delay(Timeout.Infinite, ct);
    }

    public Task InstallCodeAsync(InstallCodeArgs args, CancellationToken ct = default) => inner.InstallCodeAsync(args, ct);
    public Task<CanisterStatusResult> CanisterStatusAsync(CanisterIdRecord args, CancellationToken ct = default) => inner.CanisterStatusAsync(args, ct);
    public Task UninstallCodeAsync(UninstallCodeArgs args, CancellationToken ct = default) => inner.UninstallCodeAsync(args, ct);
    public Task StopCanisterAsync(CanisterIdRecord args, CancellationToken ct = default) => inner.StopCanisterAsync(args, ct);
    public Task StartCanisterAsync(CanisterIdRecord args, CancellationToken ct = default) => inner.StartCanisterAsync(args, ct);
    public Task DeleteCanisterAsync(CanisterIdRecord args, CancellationToken ct = default) => inner.DeleteCanisterAsync(args, ct);
    public Task<CanisterIdRecord> ProvisionalCreateCanisterWithCyclesAsync(ProvisionalCreateCanisterWithCyclesArgs args, CancellationToken ct = default) =>
        inner.ProvisionalCreateCanisterWithCyclesAsync(args, ct);
}
