using Canic.Fsm.StateMachine;

namespace Canic.Fsm.Orchestration.Pool;

/// <summary>
/// The reset calls are in flight (update_settings, uninstall_code, canister_status); the row is still
/// PendingReset or Recycling in the store until the outcome's compare-and-set. Whoever asked for the
/// reset (the reset worker, an admin command) gets its result; every call is idempotent, so a reset
/// interrupted by a crash or an error is simply done again later.
/// </summary>
internal sealed class ResettingState : PoolCanisterState
{
    private readonly Lock _lock = new();
    private List<TaskCompletionSource<PoolResetResult?>>? _waiters;
    private bool _concluded;
    private PoolResetResult? _result;

    public ResettingState(PoolCanisterState from, TaskCompletionSource<PoolResetResult?> waiter) : base(from.Sequence)
    {
        From = from;
        _waiters = [waiter];
    }

    /// <summary>The persisted state the reset started from (and returns to when interrupted).</summary>
    public PoolCanisterState From { get; }

    public override bool Mirrors(PoolRowChange change) => From.Mirrors(change);

    public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
    {
        var m = (PoolCanisterMachine)machine;
        PoolResetResult? result = null;
        m.Pool.ResetStarted();
        try
        {
            result = await m.Pool.Reset.RunAsync(m.Pid, ((PersistedState)From).Status, cancellationToken).ConfigureAwait(false);
            // No change: the row changed under the reset (its own notification moves the machine), or the retries were spent and
            // the row waits as it was. A removed row's machine is being stopped.
            return result.Change is { } change
                ? change.Status is null ? null : PoolCanisterMachine.Mirror(change)
                : result.Retry ? From : null;
        }
        finally
        {
            m.Pool.ResetEnded();
            Conclude(result);
        }
    }

    // An unexpected error (the store, a crash) decides nothing: back to the persisted state, reset again later.
    public override State? OnError(Exception error) => From;

    /// <summary>Adds a waiter for this reset's result (at once when it is known).</summary>
    public void Join(TaskCompletionSource<PoolResetResult?> waiter)
    {
        lock (_lock)
        {
            if (!_concluded)
            {
                (_waiters ??= []).Add(waiter);
                return;
            }
        }
        waiter.TrySetResult(_result);
    }

    private void Conclude(PoolResetResult? result)
    {
        List<TaskCompletionSource<PoolResetResult?>>? waiters;
        lock (_lock)
        {
            _concluded = true;
            _result = result;
            waiters = _waiters;
            _waiters = null;
        }
        foreach (var waiter in waiters ?? []) waiter.TrySetResult(result);
    }

    public override string ToString() => "Resetting";
}
