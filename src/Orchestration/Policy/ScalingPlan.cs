namespace Canic.Fsm.Orchestration.Policy;

/// <summary>Why <see cref="ScalingPolicy.PlanCreateWorker"/> spawns or refuses (Canic's scaling reasons of a create-worker plan).</summary>
public enum ScalingReason
{
    /// <summary>The pool has max_workers workers already: refuse.</summary>
    AtMaxWorkers,
    /// <summary>The pool has fewer than min_workers workers: spawn one.</summary>
    BelowMinWorkers,
    /// <summary>The worker count is between min_workers and max_workers: refuse (the pool has what it needs).</summary>
    WithinBounds,
}

/// <summary>The answer of <see cref="ScalingPolicy.PlanCreateWorker"/> (Canic's <c>ScalingPlan</c>).</summary>
/// <param name="ShouldSpawn">True when one worker is to be created.</param>
/// <param name="Reason">Why.</param>
/// <param name="WorkerEntry">The worker to create; set exactly when <paramref name="ShouldSpawn"/> is true.</param>
/// <param name="Message">The decision in words, with the counts, for logs and refusals.</param>
public sealed record ScalingPlan(bool ShouldSpawn, ScalingReason Reason, WorkerEntryPlan? WorkerEntry, string Message);
