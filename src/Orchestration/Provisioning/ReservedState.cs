using Canic.Fsm.Orchestration.Creation;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Store;
using Canic.Fsm.StateMachine;

namespace Canic.Fsm.Orchestration.Provisioning;

/// <summary>Persisted Reserved: the module is resolved and the cycles reserved; next, a canister.</summary>
internal sealed class ReservedState : AttemptStateBase
{
    protected override async ValueTask<State?> RunAsync(AttemptMachine machine, CancellationToken cancellationToken) =>
        await machine.Steps.Allocation.RunAsync(machine).ConfigureAwait(false);
}

/// <summary>
/// The claim: the oldest Ready pool canister with enough cycles becomes the attempt's (Claimed by its id, so a replay finds
/// the same row) and the attempt is Allocated. With none Ready, the creation intent instead: a creation record with a fixed
/// created_at_time, written before the call that uses it, and the attempt stays Reserved, naming the record.
/// </summary>
internal sealed class AllocationStep(CanisterCreator creator, AttemptRecorder recorder, OrchestratorMetrics metrics)
{
    public async Task<State> RunAsync(AttemptMachine m)
    {
        var id = m.Attempt.Id;
        var intent = creator.NewIntent(CreationPurpose.Attempt, id, m.Role.InitialCycles);
        await recorder.MoveWithPoolAsync(m, (tx, changes) =>
        {
            var entry = tx.Pool.Claim(id, m.Role.InitialCycles);
            if (entry is not null)
            {
                changes.Record(entry);
                return AttemptRecorder.Move(tx, m.Attempt, m.Attempt with { State = AttemptState.Allocated, Pid = entry.Pid, AllocationSource = AllocationSource.Pool }, "pool_reuse");
            }
            StoreTransaction.Require(tx.Creations.TryInsert(intent), $"creation intent {intent.Id}");
            return AttemptRecorder.Move(tx, m.Attempt, m.Attempt with { CreationId = intent.Id }, "no Ready pool canister: creating one");
        }).ConfigureAwait(false);
        if (m.Attempt.State == AttemptState.Allocated)
        {
            metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Allocate, CanisterMetricOutcome.Completed, CanisterMetricReason.PoolReuse);
            metrics.RecordPool(PoolMetricOperation.SelectReady, PoolMetricOutcome.Completed, PoolMetricReason.Ok, m.Role.Name);
            recorder.Report(m, AttemptState.Reserved, "claimed " + m.Attempt.Pid);
            return new AllocatedState();
        }
        metrics.RecordPool(PoolMetricOperation.SelectReady, PoolMetricOutcome.Skipped, PoolMetricReason.Empty, m.Role.Name);
        return new AllocatingState(intent, resumed: false);
    }
}
