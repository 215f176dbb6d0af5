namespace Canic.Fsm.Orchestration.Policy;

/// <summary>The worker a spawn plan asks the workflow to provision and register.</summary>
/// <param name="Pool">The scaling pool the worker joins.</param>
/// <param name="CanisterRole">The role to provision the worker as.</param>
public sealed record WorkerEntryPlan(string Pool, string CanisterRole);
