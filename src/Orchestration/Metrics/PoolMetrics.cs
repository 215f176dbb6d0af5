namespace Canic.Fsm.Orchestration.Metrics;

/// <summary>The pool operation a <c>canic.pool</c> measurement is about (Canic's <c>PoolMetricOperation</c>).</summary>
public enum PoolMetricOperation
{
    /// <summary>The admin command CreateEmpty or a refill creation (<c>create_empty</c>).</summary>
    CreateEmpty,
    /// <summary>The admin command ImportImmediate (<c>import_immediate</c>).</summary>
    ImportImmediate,
    /// <summary>The admin command ImportQueued (<c>import_queued</c>).</summary>
    ImportQueued,
    /// <summary>Recycling a canister back into the pool (<c>recycle</c>).</summary>
    Recycle,
    /// <summary>Resetting a PendingReset canister (<c>reset</c>).</summary>
    Reset,
    /// <summary>The periodic check and the reset worker's scheduling (<c>scheduler</c>).</summary>
    Scheduler,
    /// <summary>Claiming a Ready canister for a provisioning attempt (<c>select_ready</c>).</summary>
    SelectReady,
}

/// <summary>How a pool operation ended (Canic's <c>PoolMetricOutcome</c>).</summary>
public enum PoolMetricOutcome
{
    /// <summary>The operation succeeded (<c>completed</c>).</summary>
    Completed,
    /// <summary>The operation failed (<c>failed</c>).</summary>
    Failed,
    /// <summary>A Failed entry went back to PendingReset (<c>requeued</c>).</summary>
    Requeued,
    /// <summary>Work was scheduled for later (<c>scheduled</c>).</summary>
    Scheduled,
    /// <summary>Nothing to do, or not allowed (<c>skipped</c>).</summary>
    Skipped,
    /// <summary>The operation began (<c>started</c>).</summary>
    Started,
}

/// <summary>Why a pool operation ended as it did (Canic's <c>PoolMetricReason</c>).</summary>
public enum PoolMetricReason
{
    /// <summary>The canister is already in the pool (<c>already_present</c>).</summary>
    AlreadyPresent,
    /// <summary>No Ready canister to take (<c>empty</c>).</summary>
    Empty,
    /// <summary>The entry is Failed (<c>failed_entry</c>).</summary>
    FailedEntry,
    /// <summary>An entry was not in the state the operation needed (<c>invalid_state</c>).</summary>
    InvalidState,
    /// <summary>A management canister or ledger call failed (<c>management_call</c>).</summary>
    ManagementCall,
    /// <summary>The canister cannot be imported from here (<c>non_importable_local</c>).</summary>
    NonImportableLocal,
    /// <summary>The canister is unknown (<c>not_found</c>).</summary>
    NotFound,
    /// <summary>Nothing went wrong (<c>ok</c>).</summary>
    Ok,
    /// <summary>A policy refused the operation (<c>policy_denied</c>).</summary>
    PolicyDenied,
    /// <summary>The canister is registered, in use (<c>registered_in_subnet</c>).</summary>
    RegisteredInSubnet,
    /// <summary>Anything else (<c>unknown</c>).</summary>
    Unknown,
}
