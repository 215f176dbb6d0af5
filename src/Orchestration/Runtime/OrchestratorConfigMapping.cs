using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Runtime;

/// <summary>Builds the workflows' <see cref="OrchestratorConfig"/> from the validated settings.</summary>
internal static class OrchestratorConfigMapping
{
    public static OrchestratorConfig From(OrchestratorSettings settings, Cycles creationFee) => new(
        Controllers: [],
        Pool: new PoolConfig(settings.Pool.MinimumSize, settings.Pool.MaximumSize, settings.Pool.CanisterCycles, settings.Pool.CheckInterval, settings.Pool.Controllers),
        Creation: settings.Network == IcNetwork.Mainnet ? CreationMethod.Ledger : CreationMethod.Provisional,
        CreationFee: creationFee,
        Roles: settings.Roles.ToDictionary(r => r.Key, r => new RoleConfig(
            r.Value.Name, r.Value.Module.IsEmpty ? null : r.Value.Module.ToArray(), r.Value.InitialCycles, r.Value.Controllers, r.Value.Budget,
            r.Value.Singleton),
            StringComparer.Ordinal),
        Scaling: settings.Scaling,
        Retry: settings.Retry);
}
