using Canic.Fsm.Orchestration.Configuration;

namespace Canic.Fsm.Orchestration.Policy;

/// <summary>
/// Whether a scaling pool gets a new worker (Canic's <c>ScalingPolicy</c>). Pure: the workflow observes the
/// counts and applies the plan.
/// </summary>
public static class ScalingPolicy
{
    /// <summary>
    /// Plans an explicit create-worker request: below min_workers -> spawn one; at max_workers (when not 0)
    /// -> refuse; in between -> refuse (the pool has what it needs). The max rule wins over the min rule.
    /// </summary>
    /// <param name="pool">The scaling pool's name.</param>
    /// <param name="workerCount">Its workers, counting those still being created.</param>
    /// <param name="scaling">The scaling configuration; null when scaling is not configured.</param>
    /// <exception cref="ScalingPolicyException"><see cref="ScalingPolicyError.ScalingDisabled"/> or <see cref="ScalingPolicyError.PoolNotFound"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workerCount"/> is negative.</exception>
    public static ScalingPlan PlanCreateWorker(string pool, int workerCount, ScalingSettings? scaling)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workerCount);
        var config = Resolve(pool, scaling);
        if (IsAtMax(workerCount, config))
            return new ScalingPlan(false, ScalingReason.AtMaxWorkers, null,
                $"Pool '{pool}' has {workerCount} workers, at its max_workers {config.MaxWorkers}.");
        if (workerCount < config.MinWorkers)
            return new ScalingPlan(true, ScalingReason.BelowMinWorkers, new WorkerEntryPlan(pool, config.CanisterRole),
                $"Pool '{pool}' has {workerCount} workers, below its min_workers {config.MinWorkers}: spawn one.");
        return new ScalingPlan(false, ScalingReason.WithinBounds, null,
            $"Pool '{pool}' has {workerCount} workers, within min_workers {config.MinWorkers} and max_workers {MaxText(config)}.");
    }

    /// <summary>
    /// Plans the bootstrap of a scaling pool (Canic's <c>BootstrapPool</c>): the pool should hold at least
    /// max(initial_workers, min_workers) workers, never more than max_workers (when not 0). Returns how many
    /// to spawn now (0 when the target is satisfied); workers being created count, so a bootstrap in progress
    /// is not repeated.
    /// </summary>
    /// <param name="pool">The scaling pool's name.</param>
    /// <param name="workerCount">Its workers, counting those still being created.</param>
    /// <param name="scaling">The scaling configuration; null when scaling is not configured.</param>
    /// <exception cref="ScalingPolicyException"><see cref="ScalingPolicyError.ScalingDisabled"/> or <see cref="ScalingPolicyError.PoolNotFound"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workerCount"/> is negative.</exception>
    public static int PlanBootstrap(string pool, int workerCount, ScalingSettings? scaling)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workerCount);
        var config = Resolve(pool, scaling);
        var target = Math.Max(config.InitialWorkers, config.MinWorkers);
        if (config.MaxWorkers > 0) target = Math.Min(target, config.MaxWorkers);
        return Math.Max(0, target - workerCount);
    }

    /// <summary>
    /// Plans capacity-driven scale-out (after the ICP auto-scaling example): spawn the next worker once the
    /// current one has used <see cref="ScalingPoolSettings.ScaleOutAt"/> of <see cref="ScalingPoolSettings.CapacityBytes"/>,
    /// never while another worker is being created, never beyond max_workers.
    /// </summary>
    /// <param name="pool">The scaling pool's name.</param>
    /// <param name="observed">The workers and the current worker's memory, as observed by the workflow.</param>
    /// <param name="scaling">The scaling configuration; null when scaling is not configured.</param>
    /// <exception cref="ScalingPolicyException"><see cref="ScalingPolicyError.ScalingDisabled"/> or <see cref="ScalingPolicyError.PoolNotFound"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative count, or more workers in creation than workers.</exception>
    public static ScaleOutPlan PlanScaleOut(string pool, ScaleOutObservation observed, ScalingSettings? scaling)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(observed.WorkerCount);
        ArgumentOutOfRangeException.ThrowIfNegative(observed.WorkersInCreation);
        if (observed.WorkersInCreation > observed.WorkerCount)
            throw new ArgumentOutOfRangeException(nameof(observed), observed,
                $"{observed.WorkersInCreation} workers in creation cannot exceed the worker count {observed.WorkerCount}: the count includes them.");
        var config = Resolve(pool, scaling);
        if (config.CapacityBytes is not { } capacity)
            return ScaleOutPlan.Hold(ScaleOutReason.CapacityNotConfigured, $"Pool '{pool}' declares no CapacityBytes.");
        if (observed.WorkersInCreation > 0)
            return ScaleOutPlan.Hold(ScaleOutReason.CreationInProgress,
                $"Pool '{pool}' has {observed.WorkersInCreation} worker(s) being created already.");
        if (IsAtMax(observed.WorkerCount, config))
            return ScaleOutPlan.Hold(ScaleOutReason.AtMaxWorkers,
                $"Pool '{pool}' has {observed.WorkerCount} workers, at its max_workers {config.MaxWorkers}.");
        if (observed.CurrentWorkerMemoryBytes is not { } used)
            return ScaleOutPlan.Spawn(ScaleOutReason.NoCurrentWorker, pool, config, $"Pool '{pool}' has no current worker: spawn one.");
        var threshold = ScaleOutThreshold(capacity, config.ScaleOutAt);
        return used >= threshold
            ? ScaleOutPlan.Spawn(ScaleOutReason.CapacityReached, pool, config,
                $"Pool '{pool}': the current worker uses {used} of {capacity} bytes, at or above the scale-out point {threshold} ({Percent(config.ScaleOutAt)}): spawn the next one.")
            : ScaleOutPlan.Hold(ScaleOutReason.BelowThreshold,
                $"Pool '{pool}': the current worker uses {used} of {capacity} bytes, below the scale-out point {threshold} ({Percent(config.ScaleOutAt)}).");
    }

    /// <summary>The memory size, in bytes, at which the next worker is spawned: ceil(capacity x fraction).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is 0 or the fraction is not in (0, 1].</exception>
    public static ulong ScaleOutThreshold(ulong capacityBytes, double scaleOutAt)
    {
        ArgumentOutOfRangeException.ThrowIfZero(capacityBytes);
        if (!(scaleOutAt > 0 && scaleOutAt <= 1))
            throw new ArgumentOutOfRangeException(nameof(scaleOutAt), scaleOutAt, "The scale-out fraction must be in (0, 1].");
        // decimal keeps every ulong capacity exact; a double would round large capacities.
        return (ulong)Math.Ceiling((decimal)capacityBytes * (decimal)scaleOutAt);
    }

    private static ScalingPoolSettings Resolve(string pool, ScalingSettings? scaling)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (scaling is null)
            throw new ScalingPolicyException(ScalingPolicyError.ScalingDisabled, pool,
                $"Scaling is disabled: no ScalingPools are configured, so pool '{pool}' cannot scale.");
        return scaling.Pools.TryGetValue(pool, out var config)
            ? config
            : throw new ScalingPolicyException(ScalingPolicyError.PoolNotFound, pool,
                $"Scaling pool '{pool}' is not configured (configured: {Known(scaling)}).");
    }

    private static bool IsAtMax(int workerCount, ScalingPoolSettings config) =>
        config.MaxWorkers > 0 && workerCount >= config.MaxWorkers;

    private static string Percent(double fraction) =>
        (fraction * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "%";

    private static string MaxText(ScalingPoolSettings config) =>
        config.MaxWorkers == 0 ? "unlimited" : config.MaxWorkers.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Known(ScalingSettings scaling) =>
        scaling.Pools.Count == 0 ? "none" : string.Join(", ", scaling.Pools.Keys.Order(StringComparer.Ordinal));
}
