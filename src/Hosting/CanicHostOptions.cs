namespace Canic.Fsm.Hosting;

/// <summary>
/// Where the orchestrator keeps its state and which IC it talks to: the configuration sections
/// <c>Database</c> and <c>Ic</c> (the orchestrator's own settings live in the <c>Orchestrator</c> section).
/// </summary>
public sealed class CanicHostOptions
{
    /// <summary>The SQLite database of the orchestrator.</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>Which IC the orchestrator talks to.</summary>
    public IcOptions Ic { get; set; } = new();
}

/// <summary>Configuration section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    /// <summary>Path of the SQLite file (key <c>Database:Path</c>); relative paths are taken from the current directory.</summary>
    public string Path { get; set; } = "./canic-fsm.db";
}

/// <summary>Configuration section <c>Ic</c>.</summary>
public sealed class IcOptions
{
    /// <summary>The name of the only backend there is today: the in-process simulated IC.</summary>
    public const string SimulatedBackend = "simulated";

    /// <summary>The backend (key <c>Ic:Backend</c>); only <c>simulated</c> exists today.</summary>
    public string Backend { get; set; } = SimulatedBackend;

    /// <summary>
    /// SQLite file holding the simulated IC's state (key <c>Ic:StateFile</c>), so that its canisters survive a
    /// restart of the host as a real network would; empty keeps the simulated IC in memory.
    /// </summary>
    public string? StateFile { get; set; } = "./canic-fsm-ic.db";

    /// <summary>Optional random faults of the simulated IC (section <c>Ic:FaultPlan</c>), for rehearsing failures.</summary>
    public FaultPlanOptions? FaultPlan { get; set; }

    /// <summary>
    /// Cycles credited to the orchestrator's cycles-ledger account when the simulated IC starts empty
    /// (key <c>Ic:InitialBalance</c>, e.g. <c>"1000T"</c>): without them no canister can be created.
    /// </summary>
    public string InitialBalance { get; set; } = "1000T";
}


/// <summary>
/// Configuration section <c>Ic:FaultPlan</c>: random faults the simulated IC injects, each a probability per
/// call, reproducible from <see cref="Seed"/>.
/// </summary>
public sealed class FaultPlanOptions
{
    /// <summary>The seed the faults are drawn from (key <c>Ic:FaultPlan:Seed</c>): the same seed gives the same faults.</summary>
    public int Seed { get; set; }

    /// <summary>Probability that a call is rejected (SYS_TRANSIENT) without effect.</summary>
    public double Reject { get; set; }

    /// <summary>Probability that a call's effect is applied and its reply lost.</summary>
    public double AppliedButReplyLost { get; set; }

    /// <summary>Probability that a call times out before it is applied.</summary>
    public double TimedOutBeforeApplied { get; set; }

    /// <summary>Probability that a call is delayed (up to <see cref="MaxLatency"/>).</summary>
    public double Latency { get; set; }

    /// <summary>The longest injected delay (e.g. <c>"00:00:01"</c>).</summary>
    public TimeSpan MaxLatency { get; set; } = TimeSpan.FromSeconds(1);
}
