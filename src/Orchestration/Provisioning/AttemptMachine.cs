using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.StateMachine;
using Canic.Fsm.StateMachine.Charts;

namespace Canic.Fsm.Orchestration.Provisioning;

/// <summary>
/// The machine of one provisioning attempt. Each state does its own step: its effect, then one unit of work that commits
/// the outcome with a compare-and-set on the attempt's persisted state, and only then the next state, so the database is
/// always the truth and a restart resumes from it (<see cref="AttemptResumption"/>).
/// </summary>
/// <remarks>
/// The states, in the persisted vocabulary (<see cref="AttemptState"/>): <see cref="ReservedState"/> (Reserved: claim a
/// pool canister or record a creation intent), <see cref="AllocatingState"/> (Reserved with a creation intent: create the
/// canister, adopt it), <see cref="AllocatedState"/> (Allocated: set the controllers, register it as installing),
/// <see cref="InstallingState"/> (Installing: install the module, commit), <see cref="CompensatingState"/> (undo: the canister
/// back to the pool or deleted, the cycles released), and the ends <see cref="CommittedState"/>, <see cref="FailedState"/>,
/// <see cref="BlockedState"/>; <see cref="StalledState"/> is not persisted (the next check resumes the attempt).
/// </remarks>
internal sealed class AttemptMachine : Machine
{
    public static readonly Chart Chart = new Chart("provisioning-attempt")
        .Initial<ReservedState>().Initial<AllocatingState>().Initial<AllocatedState>().Initial<InstallingState>()
        .Initial<CompensatingState>()
        .Allow<ReservedState, AllocatedState>().Allow<ReservedState, AllocatingState>().Allow<ReservedState, CompensatingState>()
        .Allow<AllocatingState, AllocatedState>().Allow<AllocatingState, AllocatingState>().Allow<AllocatingState, CompensatingState>()
        .Allow<AllocatingState, BlockedState>()
        .Allow<AllocatedState, InstallingState>().Allow<AllocatedState, CompensatingState>()
        .Allow<InstallingState, CommittedState>().Allow<InstallingState, CompensatingState>().Allow<InstallingState, BlockedState>()
        .Allow<CompensatingState, FailedState>()
        .Allow<ReservedState, StalledState>().Allow<AllocatingState, StalledState>().Allow<AllocatedState, StalledState>()
        .Allow<InstallingState, StalledState>().Allow<CompensatingState, StalledState>();

    private readonly TaskCompletionSource<AttemptState?> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AttemptMachine(AttemptSteps steps, ProvisioningAttempt attempt, RoleConfig role) : base(Chart)
    {
        Steps = steps;
        Attempt = attempt;
        Role = role;
    }

    /// <summary>What the states do, one step each.</summary>
    public AttemptSteps Steps { get; }

    /// <summary>The attempt as last committed by this machine (changed only by <see cref="AttemptRecorder"/>).</summary>
    public ProvisioningAttempt Attempt { get; private set; }

    public RoleConfig Role { get; }

    /// <summary>Completes with the persisted end state (Committed, Failed, Blocked), or null when the machine stalled.</summary>
    public Task<AttemptState?> Finished => _finished.Task;

    /// <summary>The attempt as the unit of work just committed it.</summary>
    internal void Committed(ProvisioningAttempt attempt) => Attempt = attempt;

    internal void Conclude(AttemptState? state) => _finished.TrySetResult(state);
}

/// <summary>Base of the attempt's states: an unexpected error decides nothing (the store keeps the persisted state).</summary>
internal abstract class AttemptStateBase : State
{
    public override State? OnError(Exception error) => new StalledState(error.Message);

    public override string ToString() => GetType().Name.Replace("State", "", StringComparison.Ordinal);

    public sealed override ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken) =>
        RunAsync((AttemptMachine)machine, cancellationToken);

    /// <summary>This state's step on <paramref name="machine"/>'s attempt; returns the next state once its outcome is committed.</summary>
    protected abstract ValueTask<State?> RunAsync(AttemptMachine machine, CancellationToken cancellationToken);
}

/// <summary>A persisted end state: hands it to whoever awaits the attempt.</summary>
internal abstract class FinishedState(AttemptState? state) : AttemptStateBase
{
    protected override ValueTask<State?> RunAsync(AttemptMachine machine, CancellationToken cancellationToken)
    {
        machine.Conclude(state);
        return default;
    }
}

/// <summary>Persisted Committed: the canister is registered Active and in use (Workload), its cycles spent.</summary>
internal sealed class CommittedState() : FinishedState(AttemptState.Committed);

/// <summary>Persisted Failed(reason): compensated, nothing held.</summary>
internal sealed class FailedState() : FinishedState(AttemptState.Failed);

/// <summary>Persisted Blocked(reason): an outcome no automatic step can settle; the operator decides.</summary>
internal sealed class BlockedState() : FinishedState(AttemptState.Blocked);

/// <summary>Interrupted (an unexpected error, an answer still unknown); the store keeps the last persisted state and the next check resumes it.</summary>
internal sealed class StalledState(string reason) : FinishedState(null)
{
    public string Reason { get; } = reason;
}
