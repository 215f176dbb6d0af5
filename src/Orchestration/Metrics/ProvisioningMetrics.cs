namespace Canic.Fsm.Orchestration.Metrics;

/// <summary>The step of a provisioning attempt a <c>canic.provisioning</c> measurement is about (Canic's <c>ProvisioningMetricOperation</c>).</summary>
public enum ProvisioningMetricOperation
{
    /// <summary>Taking a canister from the pool or creating one (<c>allocate</c>).</summary>
    Allocate,
    /// <summary>Installing the role's module (<c>install</c>).</summary>
    Install,
    /// <summary>Resolving the approved module of the role (<c>resolve_module</c>).</summary>
    ResolveModule,
}
