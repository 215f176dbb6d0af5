namespace Canic.Fsm.Orchestration.Metrics;

/// <summary>The scaling step a <c>canic.scaling</c> measurement is about (Canic's <c>ScalingMetricOperation</c>).</summary>
public enum ScalingMetricOperation
{
    /// <summary>Reading the scaling configuration (<c>bootstrap_config</c>).</summary>
    BootstrapConfig,
    /// <summary>Creating a pool's initial workers (<c>bootstrap_pool</c>).</summary>
    BootstrapPool,
    /// <summary>Creating one worker (<c>create_worker</c>).</summary>
    CreateWorker,
    /// <summary>Evaluating the scaling policy (<c>plan_create</c>).</summary>
    PlanCreate,
    /// <summary>Registering a created worker (<c>register_worker</c>).</summary>
    RegisterWorker,
}

/// <summary>How a scaling step ended (Canic's <c>ScalingMetricOutcome</c>).</summary>
public enum ScalingMetricOutcome
{
    /// <summary>The step succeeded (<c>completed</c>).</summary>
    Completed,
    /// <summary>The step failed (<c>failed</c>).</summary>
    Failed,
    /// <summary>The step was not needed or refused by policy (<c>skipped</c>).</summary>
    Skipped,
    /// <summary>The step began (<c>started</c>).</summary>
    Started,
}

/// <summary>Why a scaling step ended as it did (Canic's <c>ScalingMetricReason</c>).</summary>
public enum ScalingMetricReason
{
    /// <summary>The pool has max_workers workers already (<c>at_max_workers</c>).</summary>
    AtMaxWorkers,
    /// <summary>The pool has fewer than min_workers workers (<c>below_min_workers</c>).</summary>
    BelowMinWorkers,
    /// <summary>A record was not in the state the step needed (<c>invalid_state</c>).</summary>
    InvalidState,
    /// <summary>A management canister or ledger call failed (<c>management_call</c>).</summary>
    ManagementCall,
    /// <summary>A spawn plan carried no worker entry (<c>missing_worker_entry</c>).</summary>
    MissingWorkerEntry,
    /// <summary>The pool has no worker yet (<c>no_initial_workers</c>).</summary>
    NoInitialWorkers,
    /// <summary>Nothing went wrong (<c>ok</c>).</summary>
    Ok,
    /// <summary>A policy refused the step (<c>policy_denied</c>).</summary>
    PolicyDenied,
    /// <summary>No scaling configuration (<c>scaling_disabled</c>).</summary>
    ScalingDisabled,
    /// <summary>The pool already has what it needs (<c>target_satisfied</c>).</summary>
    TargetSatisfied,
    /// <summary>Anything else (<c>unknown</c>).</summary>
    Unknown,
    /// <summary>The worker count is between min and max (<c>within_bounds</c>).</summary>
    WithinBounds,
}
