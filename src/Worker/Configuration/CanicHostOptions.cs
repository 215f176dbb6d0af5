namespace Canic.Fsm.Worker.Configuration;

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
    /// <summary>The name of the only backend this worker ships: the in-process simulated IC.</summary>
    public const string SimulatedBackend = "simulated";

    /// <summary>The backend (key <c>Ic:Backend</c>); only <c>simulated</c> exists today.</summary>
    public string Backend { get; set; } = SimulatedBackend;

    /// <summary>
    /// SQLite file holding the simulated IC's state (key <c>Ic:StateFile</c>), so that its canisters survive a
    /// restart of the worker as a real network would; empty keeps the simulated IC in memory.
    /// </summary>
    public string? StateFile { get; set; } = "./canic-fsm-ic.db";

    /// <summary>Optional fault plan of the simulated IC (key <c>Ic:FaultPlan</c>), for rehearsing failures.</summary>
    public string? FaultPlan { get; set; }

    /// <summary>
    /// Cycles credited to the orchestrator's cycles-ledger account when the simulated IC starts empty
    /// (key <c>Ic:InitialBalance</c>, e.g. <c>"1000T"</c>): without them no canister can be created.
    /// </summary>
    public string InitialBalance { get; set; } = "1000T";
}

