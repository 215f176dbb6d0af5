using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Ic;
using Canic.Fsm.StateMachine;
using Canic.Fsm.StateMachine.Charts;

namespace Canic.Fsm.Orchestration.Pool;

/// <summary>
/// The machine of one pool canister while the orchestrator works on it: it starts in the persisted
/// PendingReset or Recycling, is moved to Resetting by the reset worker (or an admin command), and ends
/// in Ready or Failed, both persisted by compare-and-set. Claimed and Workload are changed by the
/// provisioning attempt's own commits; a row in them has no pool machine.
/// </summary>
internal sealed class PoolCanisterMachine : Machine
{
    public static readonly Chart Chart = new Chart("pool-canister")
        .Initial<PendingResetState>().Initial<RecyclingState>()
        .Allow<PendingResetState, ResettingState>().Allow<RecyclingState, ResettingState>()
        .Allow<ResettingState, ReadyState>().Allow<ResettingState, FailedState>()
        .Allow<ResettingState, LeftState>().Allow<ResettingState, InterruptedState>();

    private readonly TaskCompletionSource<PoolResetResult?> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PoolCanisterMachine(CanisterReset reset, Principal pid) : base(Chart)
    {
        Reset = reset;
        Pid = pid;
    }

    public CanisterReset Reset { get; }
    public Principal Pid { get; }

    /// <summary>The reset's result; null when it was interrupted (the row keeps its status and is reset again later).</summary>
    public Task<PoolResetResult?> Outcome => _outcome.Task;

    /// <summary>The event that starts the reset of a waiting entry.</summary>
    public static State? BeginReset(State current) => current switch
    {
        PendingResetState => new ResettingState(PoolEntryStatus.PendingReset),
        RecyclingState => new ResettingState(PoolEntryStatus.Recycling),
        _ => null,
    };

    internal void Conclude(PoolResetResult? result) => _outcome.TrySetResult(result);
}

/// <summary>Persisted PendingReset: waits for the reset worker.</summary>
internal sealed class PendingResetState : State;

/// <summary>Persisted Recycling: a canister back from use, waiting for its reset.</summary>
internal sealed class RecyclingState : State;

/// <summary>The reset calls are in flight; the row is still PendingReset or Recycling in the store.</summary>
internal sealed class ResettingState(PoolEntryStatus from) : State
{
    public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
    {
        var m = (PoolCanisterMachine)machine;
        var result = await m.Reset.RunAsync(m.Pid, from, cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            PoolEntryStatus.Ready => new ReadyState(result),
            PoolEntryStatus.Failed => new FailedState(result),
            _ => new LeftState(result),
        };
    }

    // An unexpected error (the store, a crash) decides nothing: the row keeps its status and is reset again.
    public override State? OnError(Exception error) => new InterruptedState(error.Message);

    public override string ToString() => "Resetting";
}

/// <summary>Persisted Ready.</summary>
internal sealed class ReadyState(PoolResetResult result) : ConcludedState(result);

/// <summary>Persisted Failed(reason).</summary>
internal sealed class FailedState(PoolResetResult result) : ConcludedState(result);

/// <summary>The row changed under the reset (another command took it): nothing was written.</summary>
internal sealed class LeftState(PoolResetResult result) : ConcludedState(result);

/// <summary>The reset was interrupted by an unexpected error; the store still says PendingReset or Recycling.</summary>
internal sealed class InterruptedState(string reason) : ConcludedState(null)
{
    public string Reason { get; } = reason;
}

/// <summary>A final state of the machine: hands the result to whoever awaits it.</summary>
internal abstract class ConcludedState(PoolResetResult? result) : State
{
    public override ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
    {
        ((PoolCanisterMachine)machine).Conclude(result);
        return default;
    }

    public override string ToString() => GetType().Name.Replace("State", "", StringComparison.Ordinal);
}
