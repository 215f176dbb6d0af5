namespace Canic.Fsm.Orchestration.Configuration;

/// <summary>The validated scaling configuration: the scaling pools by name (Canic's <c>ScalingConfig</c>).</summary>
/// <param name="Pools">The scaling pools, by name (ordinal, case-sensitive).</param>
public sealed record ScalingSettings(IReadOnlyDictionary<string, ScalingPoolSettings> Pools);

/// <summary>One validated scaling pool: workers of one role, between <see cref="MinWorkers"/> and <see cref="MaxWorkers"/>.</summary>
/// <param name="Name">The pool's name (its key under <c>ScalingPools</c>).</param>
/// <param name="CanisterRole">The role every worker of the pool is provisioned as; a configured role.</param>
/// <param name="InitialWorkers">Workers created when the pool is bootstrapped.</param>
/// <param name="MinWorkers">Below this count a create-worker request spawns one.</param>
/// <param name="MaxWorkers">At this count no worker is spawned; 0 means unlimited.</param>
/// <param name="CapacityBytes">The memory a worker may fill before the next one is spawned; null disables capacity-driven scale-out.</param>
/// <param name="ScaleOutAt">The fraction of <see cref="CapacityBytes"/> (in (0, 1]) at which the next worker is spawned.</param>
public sealed record ScalingPoolSettings(
    string Name,
    string CanisterRole,
    int InitialWorkers = 1,
    int MinWorkers = 1,
    int MaxWorkers = 32,
    ulong? CapacityBytes = null,
    double ScaleOutAt = 0.8);
