using Canic.Fsm.Orchestration.Creation;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Pool;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Store;
using Canic.Fsm.StateMachine;

namespace Canic.Fsm.Orchestration.Provisioning;

/// <summary>
/// Persisted Reserved with a creation intent: the call that creates a new canister. <paramref name="resumed"/>: an earlier
/// send may have happened (a restart, an earlier check), so no reject proves that nothing was created.
/// </summary>
internal sealed class AllocatingState(CreationRecord creation, bool resumed) : AttemptStateBase
{
    protected override async ValueTask<State?> RunAsync(AttemptMachine machine, CancellationToken cancellationToken) =>
        await machine.Steps.Creation.RunAsync(machine, creation, resumed, cancellationToken).ConfigureAwait(false);
}

/// <summary>
/// The creation call, then the adoption the moment the canister's id is known: creation Created, the pool row Claimed by the
/// attempt and the attempt Allocated, in one unit of work. A creation that cannot be settled blocks the attempt; one that
/// did not happen (refused, or waiting for funds) fails it through the compensation; one whose answer is still unknown or
/// transient stalls it (the intent is resent with the same created_at_time by the next check).
/// </summary>
internal sealed class CreationStep(CanisterCreator creator, Persistence persistence, AttemptRecorder recorder, TimeProvider time, OrchestratorMetrics metrics)
{
    public async Task<State> RunAsync(AttemptMachine m, CreationRecord record, bool resumed, CancellationToken ct)
    {
        var outcome = await creator.SendAsync(record, resumed, m.Role.Name, ct).ConfigureAwait(false);
        switch (outcome)
        {
            case CreationOutcome.Created created:
                await recorder.MoveWithPoolAsync(m, (tx, changes) =>
                {
                    StoreTransaction.Require(tx.Creations.TryTransition(record with { State = CreationState.Created, CanisterId = created.Pid }, CreationState.Intent),
                        $"creation {record.Id} Intent -> Created");
                    var now = time.GetUtcNow();
                    // Recorded with the insert; a failed insert rolls the unit back and nothing is published.
                    PoolCanisters.AdoptCreated(tx, changes, new PoolEntry(created.Pid, now, record.Amount, PoolEntryStatus.Claimed, null, m.Attempt.Id, null, null, null, now));
                    return AttemptRecorder.Move(tx, m.Attempt, m.Attempt with { State = AttemptState.Allocated, Pid = created.Pid, AllocationSource = AllocationSource.New }, "new_allocation");
                }).ConfigureAwait(false);
                metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Allocate, CanisterMetricOutcome.Completed, CanisterMetricReason.NewAllocation);
                recorder.Report(m, AttemptState.Reserved, "created " + created.Pid);
                return new AllocatedState();
            case CreationOutcome.Blocked blocked:
                await recorder.MoveAsync(m, m.Attempt with { State = AttemptState.Blocked, FailureReason = blocked.Reason }, blocked.Reason,
                    tx => StoreTransaction.Require(tx.Creations.TryTransition(record with { State = CreationState.Blocked, Error = blocked.Reason }, CreationState.Intent),
                        $"creation {record.Id} Intent -> Blocked")).ConfigureAwait(false);
                recorder.Report(m, AttemptState.Reserved, blocked.Reason);
                return new BlockedState();
            case CreationOutcome.Unknown unknown:
                // It may have created a canister: only the ledger's answer to a resend (the canister, or TooOld) settles it.
                return new StalledState($"creation outcome still unknown ({unknown.Reason}); resent with the same created_at_time on the next check");
            case CreationOutcome.Transient transient:
                return new StalledState($"creation not done yet ({transient.Reason}); resent with the same created_at_time on the next check");
            default:
                var reason = outcome is CreationOutcome.Refused r ? r.Reason : ((CreationOutcome.Wait)outcome).Reason;
                await persistence.CommitAsync(tx => StoreTransaction.Require(
                    tx.Creations.TryTransition(record with { State = CreationState.Failed, Error = reason }, CreationState.Intent),
                    $"creation {record.Id} Intent -> Failed")).ConfigureAwait(false);
                metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Allocate, CanisterMetricOutcome.Failed, CanisterMetricReason.ManagementCall);
                return new CompensatingState($"no canister could be created: {reason}");
        }
    }
}
