using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.StateMachine;
using Canic.Fsm.StateMachine.Charts;

namespace Canic.Fsm.Orchestration.Pool;

/// <summary>
/// The machine of one pool canister, alive as long as its row: it starts in the row's persisted status
/// and mirrors every committed change of it. Its own run is the reset (Resetting); every other change is
/// committed by its owner first (the attempt's claim, its commit and its compensation, the admin commands) and then
/// notified with <see cref="Observe"/>, so the store stays the truth and the machine follows it.
/// Idle machines cost what the engine's idle machine costs (about 1.5 KB).
/// </summary>
internal sealed class PoolCanisterMachine : Machine
{
    public static readonly Chart Chart = new Chart("pool-canister")
        .Initial<PendingResetState>().Initial<ReadyState>().Initial<PoolFailedState>()
        .Initial<ClaimedState>().Initial<WorkloadState>().Initial<RecyclingState>()
        .Allow<PendingResetState, ResettingState>().Allow<RecyclingState, ResettingState>()
        .Allow<ResettingState, ReadyState>().Allow<ResettingState, PoolFailedState>()
        // The reset was interrupted (store error, stop): the row keeps the status it was reset from.
        .Allow<ResettingState, PendingResetState>().Allow<ResettingState, RecyclingState>()
        // A claim committed between the reset's Ready and the machine taking its result.
        .Allow<ResettingState, ClaimedState>()
        .Allow<ReadyState, ClaimedState>().Allow<ClaimedState, WorkloadState>()
        .Allow<ClaimedState, PendingResetState>().Allow<WorkloadState, RecyclingState>()
        .Allow<PoolFailedState, PendingResetState>()
        // ImportImmediate takes any unclaimed canister back to PendingReset.
        .Allow<ReadyState, PendingResetState>().Allow<WorkloadState, PendingResetState>().Allow<RecyclingState, PendingResetState>()
        // A Recycle committed right after an attempt's commit can be notified before that commit (it publishes once its group commit returns):
        // the machine takes the newer state and later ignores the stale Workload.
        .Allow<ClaimedState, RecyclingState>()
        // A canister an attempt created under the id of a row imported before that canister existed (AdoptCreated).
        .Allow<PendingResetState, ClaimedState>().Allow<PoolFailedState, ClaimedState>();

    public PoolCanisterMachine(PoolCanisters pool, Principal pid) : base(Chart)
    {
        Pool = pool;
        Pid = pid;
    }

    public PoolCanisters Pool { get; }
    public Principal Pid { get; }

    /// <summary>The state that mirrors a persisted row.</summary>
    public static PoolCanisterState Mirror(PoolRowChange change) => change.Status switch
    {
        PoolEntryStatus.PendingReset => new PendingResetState(change.Sequence),
        PoolEntryStatus.Ready => new ReadyState(change.Sequence),
        PoolEntryStatus.Failed => new PoolFailedState(change.Reason ?? "", change.Sequence),
        PoolEntryStatus.Claimed => new ClaimedState(change.OperationId ?? "", change.Sequence),
        PoolEntryStatus.Workload => new WorkloadState(change.OperationId ?? "", change.Sequence),
        PoolEntryStatus.Recycling => new RecyclingState(change.Sequence),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change.Status, "A removed row has no state to mirror."),
    };

    /// <summary>
    /// The notification of a committed change: ignored when older than the state (stale); an unchanged state
    /// only takes the newer sequence; otherwise the machine moves to the mirrored state.
    /// </summary>
    public static Event Observe(PoolRowChange change) => current =>
    {
        if (current is not PoolCanisterState state || state.Sequence >= change.Sequence) return null;
        if (state.Mirrors(change))
        {
            state.Sequence = change.Sequence;
            return null;
        }
        return Mirror(change);
    };

    /// <summary>The event that starts (or joins) the reset of a waiting canister; <paramref name="waiter"/> gets its result.</summary>
    public static Event BeginReset(TaskCompletionSource<PoolResetResult?> waiter) => current =>
    {
        switch (current)
        {
            case PendingResetState or RecyclingState:
                return new ResettingState((PoolCanisterState)current, waiter);
            case ResettingState resetting:
                resetting.Join(waiter);
                return null;
            default:
                waiter.TrySetResult(null); // no longer waiting for a reset: another change came first
                return null;
        }
    };
}

/// <summary>A state of a pool canister; <see cref="Sequence"/> is the commit order of the change it mirrors.</summary>
internal abstract class PoolCanisterState(long sequence) : State
{
    /// <summary>Bumped (on the machine's loop only) when a newer commit left the row as it was.</summary>
    public long Sequence { get; set; } = sequence;

    /// <summary>True when this state already shows what <paramref name="change"/> committed.</summary>
    public abstract bool Mirrors(PoolRowChange change);

    public override string ToString() => GetType().Name.Replace("State", "", StringComparison.Ordinal);
}

/// <summary>A persisted status with no data beyond its name.</summary>
internal abstract class PersistedState(PoolEntryStatus status, long sequence) : PoolCanisterState(sequence)
{
    public PoolEntryStatus Status { get; } = status;

    public override bool Mirrors(PoolRowChange change) => change.Status == Status;
}

/// <summary>Persisted PendingReset (passive): waits for the reset worker.</summary>
internal sealed class PendingResetState(long sequence) : PersistedState(PoolEntryStatus.PendingReset, sequence);

/// <summary>Persisted Ready (passive): reset, funded, free to be claimed.</summary>
internal sealed class ReadyState(long sequence) : PersistedState(PoolEntryStatus.Ready, sequence);

/// <summary>Persisted Recycling: back from use, waiting for its reset (-> Ready or Failed, role and module hash kept).</summary>
internal sealed class RecyclingState(long sequence) : PersistedState(PoolEntryStatus.Recycling, sequence);

/// <summary>Persisted Failed(reason) (passive): RequeueFailed or an import sends it back to PendingReset.</summary>
internal sealed class PoolFailedState(string reason, long sequence) : PoolCanisterState(sequence)
{
    public string Reason { get; } = reason;

    public override bool Mirrors(PoolRowChange change) => change.Status == PoolEntryStatus.Failed && change.Reason == Reason;

    public override string ToString() => $"Failed({Reason})";
}

/// <summary>A persisted status owned by a provisioning attempt.</summary>
internal abstract class OwnedState(PoolEntryStatus status, string operationId, long sequence) : PoolCanisterState(sequence)
{
    public string OperationId { get; } = operationId;

    public override bool Mirrors(PoolRowChange change) => change.Status == status && change.OperationId == OperationId;

    public override string ToString() => $"{base.ToString()}({OperationId})";
}

/// <summary>Persisted Claimed(op): taken by a provisioning attempt, never deleted while the canister exists.</summary>
internal sealed class ClaimedState(string operationId, long sequence) : OwnedState(PoolEntryStatus.Claimed, operationId, sequence);

/// <summary>Persisted Workload(op): installed and in use; still tracked (Recycle brings it back).</summary>
internal sealed class WorkloadState(string operationId, long sequence) : OwnedState(PoolEntryStatus.Workload, operationId, sequence);
