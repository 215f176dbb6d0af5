using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Effects;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Policy;
using Canic.Fsm.Orchestration.Store;
using Canic.Fsm.StateMachine;

namespace Canic.Fsm.Orchestration.Provisioning;

/// <summary>Persisted Allocated: the attempt has its canister (claimed from the pool or created for it).</summary>
internal sealed class AllocatedState : AttemptStateBase
{
    protected override async ValueTask<State?> RunAsync(AttemptMachine machine, CancellationToken cancellationToken) =>
        await machine.Steps.Controllers.RunAsync(machine, cancellationToken).ConfigureAwait(false);
}

/// <summary>
/// update_settings with the configured, the role's, the orchestrator's and the parent's controllers (idempotent, so a
/// resume simply sends it again), then the registration: the registry row Installing and the attempt Installing, in one
/// unit of work, before install_code is sent.
/// </summary>
internal sealed class ControllersStep(IReadOnlyList<Principal> configured, CanisterCalls calls, AttemptRecorder recorder, TimeProvider time,
    OrchestratorMetrics metrics)
{
    public async Task<State> RunAsync(AttemptMachine m, CancellationToken ct)
    {
        var pid = m.Attempt.Pid!.Value;
        try
        {
            var controllers = ControllerPolicy.Merge(configured.Concat(m.Role.Controllers), calls.Self, m.Attempt.Parent);
            await calls.SetControllersAsync(pid, controllers, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IcRejectException or IcRetryBudgetSpentException or TooManyControllersException)
        {
            // update_settings is idempotent: whether or not a send applied, the compensation's reset sets the pool's controllers.
            metrics.RecordProvisioning(m.Role.Name, ProvisioningMetricOperation.Allocate, CanisterMetricOutcome.Failed, CanisterMetricReason.ManagementCall);
            return new CompensatingState($"update_settings failed: {IcFailure.Describe(e)}");
        }
        var from = m.Attempt.State;
        await recorder.MoveAsync(m, m.Attempt with { State = AttemptState.Installing }, null, tx =>
        {
            var existing = tx.Registry.Get(pid);
            if (existing is null)
                StoreTransaction.Require(tx.Registry.TryInsert(new RegistryEntry(pid, m.Role.Name, m.Attempt.Parent, m.Attempt.ModuleHash!,
                    RegistryStatus.Installing, m.Attempt.Id, time.GetUtcNow())), $"registry {pid} Installing");
            else if (existing.AttemptId != m.Attempt.Id)
                throw new ConcurrencyConflictException($"registry {pid} already belongs to attempt {existing.AttemptId}");
        }).ConfigureAwait(false);
        recorder.Report(m, from);
        return new InstallingState(reconcileFirst: false);
    }
}
