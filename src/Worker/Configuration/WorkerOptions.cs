namespace Canic.Fsm.Worker.Configuration;

/// <summary>
/// The worker's own settings, bound from the configuration root (sections <c>Database</c>, <c>Ic</c>
/// and <c>Admin</c>). The orchestrator's settings live in the <c>Orchestrator</c> section.
/// </summary>
public sealed class WorkerOptions
{
    /// <summary>The SQLite database of the orchestrator.</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>Which IC the orchestrator talks to.</summary>
    public IcOptions Ic { get; set; } = new();

    /// <summary>The HTTP endpoint serving state queries and admin commands.</summary>
    public AdminOptions Admin { get; set; } = new();
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

/// <summary>Configuration section <c>Admin</c>.</summary>
public sealed class AdminOptions
{
    /// <summary>Default address: loopback only, so that no token is needed out of the box.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The address the admin/query API listens on (key <c>Admin:Url</c>).</summary>
    public string Url { get; set; } = DefaultUrl;

    /// <summary>
    /// Bearer token required on every request (key <c>Admin:ApiToken</c>); mandatory when <see cref="Url"/>
    /// is not a loopback address.
    /// </summary>
    public string? ApiToken { get; set; }
}
