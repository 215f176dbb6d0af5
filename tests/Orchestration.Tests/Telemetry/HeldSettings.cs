using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Tests.Support;

namespace Canic.Fsm.Orchestration.Tests.Telemetry;

/// <summary>
/// Once armed, holds every update_settings until its caller cancels it, so a test can stop the orchestrator in the
/// middle of a cancellable call (install_code, by contrast, is never cancelled: a stop waits for it).
/// </summary>
internal sealed class HeldSettings(IManagementCanister inner) : ForwardingManagementCanister(inner)
{
    private volatile bool _armed;

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Arm() => _armed = true;

    public override async Task UpdateSettingsAsync(UpdateSettingsArgs args, CancellationToken ct = default)
    {
        if (!_armed)
        {
            await Inner.UpdateSettingsAsync(args, ct);
            return;
        }
        Entered.TrySetResult();
        await Task.Delay(Timeout.Infinite, ct);
    }
}
