namespace Canic.Fsm.Orchestration.Provisioning;

/// <summary>
/// What the attempt's working states do, one step object per state, each built with the ports its step uses. Built once
/// per orchestrator and shared by every attempt machine.
/// </summary>
/// <param name="Allocation">Reserved: the claim of a pool canister, or the creation intent.</param>
/// <param name="Creation">Allocating: the creation call and the adoption of its canister.</param>
/// <param name="Controllers">Allocated: the controllers, then the registration as installing.</param>
/// <param name="Installation">Installing: install_code (reconciled by module hash), then the commit.</param>
/// <param name="Compensation">Compensating: the canister back to the pool or deleted, the cycles released.</param>
internal sealed record AttemptSteps(
    AllocationStep Allocation,
    CreationStep Creation,
    ControllersStep Controllers,
    InstallationStep Installation,
    CompensationStep Compensation);
