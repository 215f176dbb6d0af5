namespace Canic.Fsm.Orchestration.Metrics;

/// <summary>
/// How far a canister operation or a provisioning step got (the <c>outcome</c> label of <c>canic.canister_ops</c> and
/// <c>canic.provisioning</c>). Canic declares one enum per counter (<c>CanisterOpsMetricOutcome</c>,
/// <c>ProvisioningMetricOutcome</c>) with the same names, the provisioning one without <c>skipped</c>: one vocabulary here.
/// </summary>
public enum CanisterMetricOutcome
{
    /// <summary>It began (<c>started</c>).</summary>
    Started,
    /// <summary>It succeeded (<c>completed</c>).</summary>
    Completed,
    /// <summary>It failed (<c>failed</c>).</summary>
    Failed,
    /// <summary>It was not needed or not allowed (<c>skipped</c>).</summary>
    Skipped,
}

/// <summary>
/// Why a canister operation or a provisioning step ended as it did (the <c>reason</c> label of <c>canic.canister_ops</c>
/// and <c>canic.provisioning</c>). Canic declares one enum per counter (<c>CanisterOpsMetricReason</c>,
/// <c>ProvisioningMetricReason</c>, a subset of the first: no <c>already_exists</c>, <c>cycles</c>, <c>not_found</c>) with the
/// same names and labels: one vocabulary here.
/// </summary>
public enum CanisterMetricReason
{
    /// <summary>The target already exists (<c>already_exists</c>).</summary>
    AlreadyExists,
    /// <summary>Not enough cycles (<c>cycles</c>).</summary>
    Cycles,
    /// <summary>A record was not in the state the operation or step needed (<c>invalid_state</c>).</summary>
    InvalidState,
    /// <summary>A management canister or ledger call failed (<c>management_call</c>).</summary>
    ManagementCall,
    /// <summary>No approved module for the role (<c>missing_wasm</c>).</summary>
    MissingWasm,
    /// <summary>A new canister was created (<c>new_allocation</c>).</summary>
    NewAllocation,
    /// <summary>The canister is unknown (<c>not_found</c>).</summary>
    NotFound,
    /// <summary>Nothing went wrong (<c>ok</c>).</summary>
    Ok,
    /// <summary>A policy refused the operation or step (<c>policy_denied</c>).</summary>
    PolicyDenied,
    /// <summary>A Ready pool canister was reused (<c>pool_reuse</c>).</summary>
    PoolReuse,
    /// <summary>A pool canister was reused after a cycles top-up (<c>pool_topup</c>).</summary>
    PoolTopup,
    /// <summary>The parent/child topology forbade the operation or step (<c>topology</c>).</summary>
    Topology,
    /// <summary>Anything else (<c>unknown</c>).</summary>
    Unknown,
}
