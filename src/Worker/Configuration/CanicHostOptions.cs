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

/// <summary>Configuration section <c>Ic</c>: the simulated IC in process, or a real IC (or replica) over HTTP.</summary>
public sealed class IcOptions
{
    /// <summary>The in-process simulated IC (the default).</summary>
    public const string SimulatedBackend = "simulated";

    /// <summary>An IC over its HTTP interface: mainnet, a local dfx replica, or <c>canic-fsm replica</c>.</summary>
    public const string HttpBackend = "http";

    /// <summary>The principal the orchestrator acts as on the simulated IC when <c>Principal</c> is not configured.</summary>
    public const string SimulatedPrincipal = "xoody-kgfp7-7goc4-qiwxl-43ag5-ddj7g-ilcfv-mrtkm-2gbu6-wl5qj-7ae";

    /// <summary>The backend (key <c>Ic:Backend</c>): <c>simulated</c> (default) or <c>http</c>.</summary>
    public string Backend { get; set; } = SimulatedBackend;

    /// <summary>
    /// SQLite file holding the simulated IC's state (key <c>Ic:StateFile</c>), so that its canisters survive a
    /// restart of the worker as a real network would; empty keeps the simulated IC in memory.
    /// </summary>
    public string? StateFile { get; set; } = "./canic-fsm-ic.db";

    /// <summary>Optional random faults of the simulated IC (section <c>Ic:FaultPlan</c>), for rehearsing failures.</summary>
    public FaultPlanOptions? FaultPlan { get; set; }

    /// <summary>
    /// Cycles credited to the orchestrator's cycles-ledger account when the simulated IC starts empty
    /// (key <c>Ic:InitialBalance</c>, e.g. <c>"1000T"</c>): without them no canister can be created.
    /// </summary>
    public string InitialBalance { get; set; } = "1000T";

    /// <summary>The IC's HTTP endpoint (key <c>Ic:Url</c>, http backend): <c>https://icp-api.io</c>, <c>http://127.0.0.1:4943</c>.</summary>
    public string? Url { get; set; }

    /// <summary>The PEM file of the identity the orchestrator signs with (key <c>Ic:IdentityPem</c>, http backend): <c>dfx identity export &lt;name&gt;</c>.</summary>
    public string? IdentityPem { get; set; }

    /// <summary>
    /// Which network <see cref="Url"/> is (key <c>Ic:Network</c>, required with the http backend): <c>mainnet</c> (the
    /// built-in root key, never fetched) or <c>local</c> (a development replica: its root key is fetched from
    /// <c>/api/v2/status</c> and logged with its fingerprint, unless <see cref="RootKey"/> gives it).
    /// </summary>
    public string? Network { get; set; }

    /// <summary>A local network's root key as hex DER (key <c>Ic:RootKey</c>), trusted instead of fetching it; never with mainnet.</summary>
    public string? RootKey { get; set; }

    /// <summary>
    /// Where <c>provisional_create_canister_with_cycles</c> is routed on a local network (key
    /// <c>Ic:ProvisionalEffectiveCanisterId</c>): a canister id of the replica's subnet. Default
    /// <c>rwlgt-iiaaa-aaaaa-aaaaa-cai</c>, the first id of a local replica's range.
    /// </summary>
    public string ProvisionalEffectiveCanisterId { get; set; } = "rwlgt-iiaaa-aaaaa-aaaaa-cai";

    /// <summary>The cycles ledger (key <c>Ic:LedgerId</c>). Default the mainnet cycles ledger <c>um5iw-rqaaa-aaaaq-qaaba-cai</c>.</summary>
    public string LedgerId { get; set; } = "um5iw-rqaaa-aaaaq-qaaba-cai";

    /// <summary>
    /// What the network takes from a canister created through the ledger (key <c>Ic:CreationFee</c>, http backend):
    /// the orchestrator asks for this much more. Default <c>"500B"</c>, mainnet's price on a 13-node subnet.
    /// </summary>
    public string CreationFee { get; set; } = "500B";

    /// <summary>How long the agent polls a call's status before it is an unknown outcome (key <c>Ic:PollTimeout</c>). Default 5 minutes.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The time-out of one HTTP request (key <c>Ic:RequestTimeout</c>). Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>True for the http backend.</summary>
    public bool IsHttp => string.Equals(Backend, HttpBackend, StringComparison.OrdinalIgnoreCase);
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
