namespace Canic.Fsm.Orchestration.Configuration;

/// <summary>
/// The orchestrator's configuration as written (bindable with <c>Microsoft.Extensions.Configuration</c>; cycles
/// and principals are strings so that a bad value is reported by <see cref="OrchestratorSettingsValidator"/>
/// with the others, not thrown by the binder). JSON keys, relative to the bound section:
/// <code>
/// {
///   "Principal": "rwlgt-iiaaa-aaaaa-aaaaa-cai",
///   "Network": "development",
///   "Pool": { "MinimumSize": 5, "MaximumSize": 10, "CanisterCycles": "500B", "CheckInterval": "00:00:30", "Controllers": [] },
///   "Roles": {
///     "app": { "ModulePath": "modules/demo.wasm", "InitialCycles": "1T", "Controllers": [], "Budget": "100T", "Singleton": false }
///   },
///   "ScalingPools": {
///     "workers": { "CanisterRole": "app", "InitialWorkers": 1, "MinWorkers": 1, "MaxWorkers": 32, "CapacityBytes": 2000000000, "ScaleOutAt": 0.8 }
///   },
///   "Retry": { "MaxAttempts": 6, "BaseDelay": "00:00:00.200", "MaxDelay": "00:00:05", "MaxTotal": "00:00:30" }
/// }
/// </code>
/// </summary>
public sealed class OrchestratorOptions
{
    /// <summary><c>Principal</c>: the orchestrator's own principal, kept as a controller of every canister. Required.</summary>
    public string? Principal { get; set; }

    /// <summary><c>Network</c>: <c>development</c> (the default: creation by <c>provisional_create_canister_with_cycles</c>) or <c>mainnet</c> (creation through the cycles ledger).</summary>
    public string Network { get; set; } = "development";

    /// <summary><c>Pool</c>: the canister pool.</summary>
    public PoolOptions Pool { get; set; } = new();

    /// <summary><c>Roles</c>: the canister roles the orchestrator provisions, by name.</summary>
    public Dictionary<string, RoleOptions> Roles { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>ScalingPools</c>: the scaling pools, by name; absent (null) disables scaling.</summary>
    public Dictionary<string, ScalingPoolOptions>? ScalingPools { get; set; }

    /// <summary><c>Retry</c>: how transient rejects and unknown outcomes of retryable IC calls are retried.</summary>
    public RetryOptions Retry { get; set; } = new();
}

/// <summary>The <c>Retry</c> section: jittered exponential backoff, bounded by attempts and by total time.</summary>
public sealed class RetryOptions
{
    /// <summary><c>Retry:MaxAttempts</c>: sends of one call at most, the first included (1 to 100; default 6).</summary>
    public int MaxAttempts { get; set; } = RetrySettings.Default.MaxAttempts;

    /// <summary><c>Retry:BaseDelay</c>: the delay before the first retry, doubled at each next one, with jitter (default <c>"00:00:00.200"</c>).</summary>
    public string BaseDelay { get; set; } = "00:00:00.200";

    /// <summary><c>Retry:MaxDelay</c>: the longest delay between two sends (default <c>"00:00:05"</c>).</summary>
    public string MaxDelay { get; set; } = "00:00:05";

    /// <summary><c>Retry:MaxTotal</c>: no retry starts once this much time has passed since the first send (default <c>"00:00:30"</c>).</summary>
    public string MaxTotal { get; set; } = "00:00:30";
}

/// <summary>The <c>Pool</c> section.</summary>
public sealed class PoolOptions
{
    /// <summary><c>Pool:MinimumSize</c>: the periodic check keeps at least this many Ready canisters (default 5).</summary>
    public int MinimumSize { get; set; } = 5;

    /// <summary><c>Pool:MaximumSize</c>: pooled canisters plus pending creations never exceed this (default 10).</summary>
    public int MaximumSize { get; set; } = 10;

    /// <summary><c>Pool:CanisterCycles</c>: cycles of a new pool canister, and the least a reset canister must hold to be Ready (default <c>"500B"</c>).</summary>
    public string CanisterCycles { get; set; } = "500B";

    /// <summary><c>Pool:CheckInterval</c>: the period of the pool check, as a TimeSpan (<c>"00:00:30"</c>, the default).</summary>
    public string CheckInterval { get; set; } = "00:00:30";

    /// <summary>
    /// <c>Pool:Controllers</c>: controllers (principals) every pool canister gets at its creation and its reset, in
    /// order; the orchestrator is always added after them and duplicates are dropped.
    /// </summary>
    public List<string> Controllers { get; set; } = [];
}

/// <summary>One entry of the <c>Roles</c> section.</summary>
public sealed class RoleOptions
{
    /// <summary><c>Roles:{name}:ModulePath</c>: the approved wasm module (plain or gzipped), absolute or relative to the application's base directory. Required.</summary>
    public string? ModulePath { get; set; }

    /// <summary><c>Roles:{name}:InitialCycles</c>: cycles a canister of the role starts with (<c>"1T"</c>). Required.</summary>
    public string? InitialCycles { get; set; }

    /// <summary><c>Roles:{name}:Controllers</c>: extra controllers (principals); the orchestrator is always added.</summary>
    public List<string> Controllers { get; set; } = [];

    /// <summary><c>Roles:{name}:Budget</c>: the cycles the role may spend in total (<c>"100T"</c>). Required.</summary>
    public string? Budget { get; set; }

    /// <summary><c>Roles:{name}:Singleton</c>: at most one registered canister of the role; a provisioning request while one is
    /// registered, or while an attempt of the role is in flight, is refused.</summary>
    public bool Singleton { get; set; }
}

/// <summary>One entry of the <c>ScalingPools</c> section.</summary>
public sealed class ScalingPoolOptions
{
    /// <summary><c>ScalingPools:{name}:CanisterRole</c>: the role of the pool's workers; a key of <c>Roles</c>. Required.</summary>
    public string? CanisterRole { get; set; }

    /// <summary><c>ScalingPools:{name}:InitialWorkers</c>: workers created at bootstrap (default 1).</summary>
    public int InitialWorkers { get; set; } = 1;

    /// <summary><c>ScalingPools:{name}:MinWorkers</c>: below this a create-worker request spawns (default 1).</summary>
    public int MinWorkers { get; set; } = 1;

    /// <summary><c>ScalingPools:{name}:MaxWorkers</c>: the cap; 0 means unlimited (default 32).</summary>
    public int MaxWorkers { get; set; } = 32;

    /// <summary><c>ScalingPools:{name}:CapacityBytes</c>: the memory a worker may fill; set it to enable capacity-driven scale-out.</summary>
    public long? CapacityBytes { get; set; }

    /// <summary><c>ScalingPools:{name}:ScaleOutAt</c>: the fraction of CapacityBytes, in (0, 1], at which the next worker is spawned (default 0.8).</summary>
    public double ScaleOutAt { get; set; } = 0.8;
}
