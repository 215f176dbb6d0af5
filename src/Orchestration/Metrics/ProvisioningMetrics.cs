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

/// <summary>How far a provisioning step got (Canic's <c>ProvisioningMetricOutcome</c>).</summary>
public enum ProvisioningMetricOutcome
{
    /// <summary>The step began (<c>started</c>).</summary>
    Started,
    /// <summary>The step succeeded (<c>completed</c>).</summary>
    Completed,
    /// <summary>The step failed (<c>failed</c>).</summary>
    Failed,
}

/// <summary>Why a provisioning step ended as it did (Canic's <c>ProvisioningMetricReason</c>).</summary>
public enum ProvisioningMetricReason
{
    /// <summary>A record was not in the state the step needed (<c>invalid_state</c>).</summary>
    InvalidState,
    /// <summary>A management canister or ledger call failed (<c>management_call</c>).</summary>
    ManagementCall,
    /// <summary>No approved module for the role (<c>missing_wasm</c>).</summary>
    MissingWasm,
    /// <summary>A new canister was created (<c>new_allocation</c>).</summary>
    NewAllocation,
    /// <summary>Nothing went wrong (<c>ok</c>).</summary>
    Ok,
    /// <summary>A policy refused the step (<c>policy_denied</c>).</summary>
    PolicyDenied,
    /// <summary>A Ready pool canister was reused (<c>pool_reuse</c>).</summary>
    PoolReuse,
    /// <summary>A pool canister was reused after a cycles top-up (<c>pool_topup</c>).</summary>
    PoolTopup,
    /// <summary>The parent/child topology forbade the step (<c>topology</c>).</summary>
    Topology,
    /// <summary>Anything else (<c>unknown</c>).</summary>
    Unknown,
}
