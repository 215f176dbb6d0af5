using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.StateMachine;
using Canic.Fsm.StateMachine.Charts;

namespace Canic.Fsm.Orchestration.Provisioning;

/// <summary>
/// The machine of one provisioning attempt. Each state's run does its effect, commits the outcome with
/// a compare-and-set on the attempt's persisted state, and only then returns the next state, so the
/// database is always the truth and a restart resumes from it.
/// </summary>
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

    public AttemptMachine(AttemptWorkflow workflow, ProvisioningAttempt attempt, RoleConfig role) : base(Chart)
    {
        Workflow = workflow;
        Attempt = attempt;
        Role = role;
    }

    public AttemptWorkflow Workflow { get; }

    /// <summary>The attempt as last committed by this machine.</summary>
    public ProvisioningAttempt Attempt { get; set; }

    public RoleConfig Role { get; }

    /// <summary>Completes with the persisted end state (Committed, Failed, Blocked), or null when the machine stalled.</summary>
    public Task<AttemptState?> Finished => _finished.Task;

    internal void Conclude(AttemptState? state) => _finished.TrySetResult(state);

    /// <summary>The state to resume a persisted, unfinished attempt in.</summary>
    public static State ResumeState(ProvisioningAttempt attempt, CreationRecord? creation) => attempt.State switch
    {
        AttemptState.Reserved when creation is { State: CreationState.Intent } => new AllocatingState(creation, resumed: true),
        AttemptState.Reserved => new ReservedState(),
        AttemptState.Allocated or AttemptState.ControllersSet => new AllocatedState(),
        AttemptState.Installing or AttemptState.Installed => new InstallingState(reconcileFirst: true),
        AttemptState.Compensating => new CompensatingState(attempt.FailureReason ?? "compensation resumed after a restart"),
        _ => new CompensatingState($"interrupted in {attempt.State} before its reservation was made"),
    };
}

/// <summary>Base of the attempt's states: an unexpected error decides nothing (the store keeps the persisted state).</summary>
internal abstract class AttemptStateBase : State
{
    public override State? OnError(Exception error) => new StalledState(error.Message);

    public override string ToString() => GetType().Name.Replace("State", "", StringComparison.Ordinal);

    protected static AttemptMachine Of(Machine machine) => (AttemptMachine)machine;
}

/// <summary>Persisted Reserved: module resolved, cycles reserved; next: claim a pool canister or write a creation intent.</summary>
internal sealed class ReservedState : AttemptStateBase
{
    public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken) =>
        await Of(machine).Workflow.AllocateAsync(Of(machine)).ConfigureAwait(false);
}

/// <summary>Persisted Reserved with a creation intent: the ledger call for a new canister.</summary>
internal sealed class AllocatingState(CreationRecord creation, bool resumed) : AttemptStateBase
{
    public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken) =>
        await Of(machine).Workflow.CreateAsync(Of(machine), creation, resumed, cancellationToken).ConfigureAwait(false);
}

/// <summary>Persisted Allocated: set the controllers (idempotent), then register as installing.</summary>
internal sealed class AllocatedState : AttemptStateBase
{
    public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken) =>
        await Of(machine).Workflow.SetControllersAsync(Of(machine), cancellationToken).ConfigureAwait(false);
}

/// <summary>Persisted Installing: install_code in an uncancellable section; an unknown outcome is reconciled by module hash.</summary>
internal sealed class InstallingState(bool reconcileFirst) : AttemptStateBase
{
    public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken) =>
        await Of(machine).Workflow.InstallAsync(Of(machine), reconcileFirst, cancellationToken).ConfigureAwait(false);
}

/// <summary>Undoing a failed attempt: the canister goes back to the pool (or is deleted), the reservation is released.</summary>
internal sealed class CompensatingState(string reason) : AttemptStateBase
{
    public string Reason { get; } = reason;

    public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken) =>
        await Of(machine).Workflow.CompensateAsync(Of(machine), Reason, cancellationToken).ConfigureAwait(false);
}

/// <summary>A persisted end state: hands it to whoever awaits the attempt.</summary>
internal abstract class FinishedState(AttemptState? state) : AttemptStateBase
{
    public override ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
    {
        Of(machine).Conclude(state);
        return default;
    }
}

/// <summary>Persisted Committed.</summary>
internal sealed class CommittedState() : FinishedState(AttemptState.Committed);

/// <summary>Persisted Failed(reason).</summary>
internal sealed class FailedState() : FinishedState(AttemptState.Failed);

/// <summary>Persisted Blocked(reason): the operator decides.</summary>
internal sealed class BlockedState() : FinishedState(AttemptState.Blocked);

/// <summary>Interrupted by an unexpected error; the store keeps the last persisted state and the next check resumes it.</summary>
internal sealed class StalledState(string reason) : FinishedState(null)
{
    public string Reason { get; } = reason;
}
