using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Tests.Support;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

/// <summary>Thrown at the crash point; the orchestrator instance is poisoned from then on.</summary>
public sealed class SimulatedCrashException(string point) : Exception($"simulated crash at {point}");

/// <summary>
/// Counts every await point (before and after each IC call, after each commit) and trips at point
/// <see cref="CrashAt"/>: from then on every port call and every commit of this instance throws, so
/// the abandoned orchestrator can do no more harm.
/// </summary>
internal sealed class CrashSwitch(int crashAt) : ICommitObserver
{
    private int _points;
    private volatile bool _poisoned;
    private readonly TaskCompletionSource _trip = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the crash point is reached.</summary>
    public Task Trip => _trip.Task;

    public int CrashAt { get; } = crashAt;
    public int Points => Volatile.Read(ref _points);
    public bool Tripped => _poisoned;

    public void Point(string what)
    {
        if (_poisoned) throw new SimulatedCrashException("(poisoned) " + what);
        if (Interlocked.Increment(ref _points) == CrashAt)
        {
            _poisoned = true;
            _trip.TrySetResult();
            throw new SimulatedCrashException(what);
        }
    }

    /// <summary>Poisons the instance now (the process is killed wherever it is): every later port call and commit throws.</summary>
    public void Kill()
    {
        _poisoned = true;
        _trip.TrySetResult();
    }

    public void BeforeCommit() { if (_poisoned) throw new SimulatedCrashException("(poisoned) commit"); }
    public void AfterCommit() => Point("after commit");

    public IManagementCanister Wrap(IManagementCanister inner) => new CrashingManagement(inner, this);
    public ICyclesLedger Wrap(ICyclesLedger inner) => new CrashingLedger(inner, this);

    public async Task<T> Around<T>(string method, Func<Task<T>> call)
    {
        Point("before " + method);
        var result = await call();
        Point("after " + method);
        return result;
    }

    public Task Around(string method, Func<Task> call) => Around<bool>(method, async () => { await call(); return true; });
}

internal sealed class CrashingManagement(IManagementCanister inner, CrashSwitch crash) : ForwardingManagementCanister(inner)
{
    public override Task<CanisterStatusResult> CanisterStatusAsync(CanisterIdRecord args, CancellationToken ct = default) => crash.Around("canister_status", () => Inner.CanisterStatusAsync(args, ct));
    public override Task UpdateSettingsAsync(UpdateSettingsArgs args, CancellationToken ct = default) => crash.Around("update_settings", () => Inner.UpdateSettingsAsync(args, ct));
    public override Task InstallCodeAsync(InstallCodeArgs args, CancellationToken ct = default) => crash.Around("install_code", () => Inner.InstallCodeAsync(args, ct));
    public override Task UninstallCodeAsync(UninstallCodeArgs args, CancellationToken ct = default) => crash.Around("uninstall_code", () => Inner.UninstallCodeAsync(args, ct));
    public override Task StopCanisterAsync(CanisterIdRecord args, CancellationToken ct = default) => crash.Around("stop_canister", () => Inner.StopCanisterAsync(args, ct));
    public override Task StartCanisterAsync(CanisterIdRecord args, CancellationToken ct = default) => crash.Around("start_canister", () => Inner.StartCanisterAsync(args, ct));
    public override Task DeleteCanisterAsync(CanisterIdRecord args, CancellationToken ct = default) => crash.Around("delete_canister", () => Inner.DeleteCanisterAsync(args, ct));
    public override Task<CanisterIdRecord> ProvisionalCreateCanisterWithCyclesAsync(ProvisionalCreateCanisterWithCyclesArgs args, CancellationToken ct = default) =>
        crash.Around("provisional_create", () => Inner.ProvisionalCreateCanisterWithCyclesAsync(args, ct));
}

internal sealed class CrashingLedger(ICyclesLedger inner, CrashSwitch crash) : ICyclesLedger
{
    public Principal Caller => inner.Caller;
    public Task<CreateCanisterResult> CreateCanisterAsync(CreateCanisterArgs args, CancellationToken ct = default) => crash.Around("create_canister", () => inner.CreateCanisterAsync(args, ct));
    public Task<WithdrawResult> WithdrawAsync(WithdrawArgs args, CancellationToken ct = default) => crash.Around("withdraw", () => inner.WithdrawAsync(args, ct));
    public Task<Cycles> BalanceAsync(Account account, CancellationToken ct = default) => crash.Around("balance", () => inner.BalanceAsync(account, ct));
}
