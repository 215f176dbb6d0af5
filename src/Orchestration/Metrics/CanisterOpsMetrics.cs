namespace Canic.Fsm.Orchestration.Metrics;

/// <summary>The canister operation a <c>canic.canister_ops</c> measurement is about (Canic's <c>CanisterOpsMetricOperation</c>).</summary>
public enum CanisterOpsMetricOperation
{
    /// <summary>Creating a canister (<c>create</c>).</summary>
    Create,
    /// <summary>Deleting a canister (<c>delete</c>).</summary>
    Delete,
    /// <summary>Installing a module (<c>install</c>).</summary>
    Install,
    /// <summary>Reinstalling a module (<c>reinstall</c>).</summary>
    Reinstall,
}

/// <summary>How far a canister operation got (Canic's <c>CanisterOpsMetricOutcome</c>).</summary>
public enum CanisterOpsMetricOutcome
{
    /// <summary>The operation began (<c>started</c>).</summary>
    Started,
    /// <summary>The operation succeeded (<c>completed</c>).</summary>
    Completed,
    /// <summary>The operation failed (<c>failed</c>).</summary>
    Failed,
    /// <summary>The operation was not needed or not allowed (<c>skipped</c>).</summary>
    Skipped,
}

/// <summary>Why a canister operation ended as it did (Canic's <c>CanisterOpsMetricReason</c>).</summary>
public enum CanisterOpsMetricReason
{
    /// <summary>The target already exists (<c>already_exists</c>).</summary>
    AlreadyExists,
    /// <summary>Not enough cycles (<c>cycles</c>).</summary>
    Cycles,
    /// <summary>A record was not in the state the operation needed (<c>invalid_state</c>).</summary>
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
    /// <summary>A policy refused the operation (<c>policy_denied</c>).</summary>
    PolicyDenied,
    /// <summary>A Ready pool canister was reused (<c>pool_reuse</c>).</summary>
    PoolReuse,
    /// <summary>A pool canister was reused after a cycles top-up (<c>pool_topup</c>).</summary>
    PoolTopup,
    /// <summary>The parent/child topology forbade the operation (<c>topology</c>).</summary>
    Topology,
    /// <summary>Anything else (<c>unknown</c>).</summary>
    Unknown,
}
