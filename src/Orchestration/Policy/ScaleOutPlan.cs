using Canic.Fsm.Orchestration.Configuration;

namespace Canic.Fsm.Orchestration.Policy;

/// <summary>What the workflow observed of a scaling pool before asking <see cref="ScalingPolicy.PlanScaleOut"/>.</summary>
/// <param name="WorkerCount">The pool's workers, counting those still being created.</param>
/// <param name="WorkersInCreation">Workers whose provisioning has not finished (part of <paramref name="WorkerCount"/>).</param>
/// <param name="CurrentWorkerMemoryBytes">The current worker's <c>canister_status.memory_size</c>; null when the pool has no current worker.</param>
public readonly record struct ScaleOutObservation(int WorkerCount, int WorkersInCreation, ulong? CurrentWorkerMemoryBytes);

/// <summary>Why capacity-driven scale-out spawns or holds.</summary>
public enum ScaleOutReason
{
    /// <summary>The pool declares no capacity: capacity-driven scale-out does not apply.</summary>
    CapacityNotConfigured,
    /// <summary>A worker is being created already; it will become the current one.</summary>
    CreationInProgress,
    /// <summary>The pool is at max_workers.</summary>
    AtMaxWorkers,
    /// <summary>The pool has no current worker: spawn the first.</summary>
    NoCurrentWorker,
    /// <summary>The current worker reached the scale-out point: spawn the next.</summary>
    CapacityReached,
    /// <summary>The current worker is below the scale-out point.</summary>
    BelowThreshold,
}

/// <summary>The answer of <see cref="ScalingPolicy.PlanScaleOut"/>.</summary>
/// <param name="ShouldSpawn">True when the next worker is to be created.</param>
/// <param name="Reason">Why.</param>
/// <param name="WorkerEntry">The worker to create; set exactly when <paramref name="ShouldSpawn"/> is true.</param>
/// <param name="Message">The decision in words, with the figures.</param>
public sealed record ScaleOutPlan(bool ShouldSpawn, ScaleOutReason Reason, WorkerEntryPlan? WorkerEntry, string Message)
{
    internal static ScaleOutPlan Hold(ScaleOutReason reason, string message) => new(false, reason, null, message);

    internal static ScaleOutPlan Spawn(ScaleOutReason reason, string pool, ScalingPoolSettings config, string message) =>
        new(true, reason, new WorkerEntryPlan(pool, config.CanisterRole), message);
}
