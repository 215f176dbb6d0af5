using Canic.Fsm.Ic.Candid;
using Canic.Fsm.Ic.Certificates;

namespace Canic.Fsm.Ic.Agent;

/// <summary>Which network the agent talks to: it decides where the root key comes from.</summary>
public enum IcNetwork
{
    /// <summary>The Internet Computer: the built-in mainnet root key, never fetched.</summary>
    Mainnet,

    /// <summary>A development replica (dfx, PocketIC): the root key from <c>/api/v2/status</c>, logged with its fingerprint.</summary>
    Local,
}

/// <summary>The agent's configuration. The defaults follow agent-rs and agent-js where they agree.</summary>
public sealed record IcAgentOptions
{
    /// <summary>The network's HTTP endpoint, e.g. <c>https://icp-api.io</c> or <c>http://127.0.0.1:4943</c>.</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>Mainnet (default) or a local development network.</summary>
    public IcNetwork Network { get; init; } = IcNetwork.Mainnet;

    /// <summary>
    /// An explicitly trusted root key (DER) for a development network whose key is known out of band; null takes
    /// the mainnet key (mainnet) or the status endpoint's key (local).
    /// </summary>
    public byte[]? RootKeyDer { get; init; }

    /// <summary>How far ahead <c>ingress_expiry</c> is set: 4 minutes (the IC refuses more than 5 plus 30 s of drift).</summary>
    public TimeSpan IngressExpiry { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>The time-out of one HTTP request; after sending a call it means an unknown outcome, which polling then resolves.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The first delay between status polls (0.5 s).</summary>
    public TimeSpan PollInitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The largest delay between status polls (1 s).</summary>
    public TimeSpan PollMaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to poll before giving up with an unknown outcome (5 minutes).</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a 429 or 5xx answer is retried with the same signed bytes (6, as agent-rs).</summary>
    public int MaxHttpRetries { get; init; } = 6;

    /// <summary>The first delay before retrying a 429/5xx (doubles each time).</summary>
    public TimeSpan HttpRetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Whether query replies must carry valid node signatures (on, as in both reference agents).</summary>
    public bool VerifyQuerySignatures { get; init; } = true;

    /// <summary>
    /// How many effective canisters' node keys (read from a verified <c>/subnet</c> certificate to check query
    /// signatures) are kept (256); when full the cache starts over, so a fleet querying more canisters costs one more
    /// <c>read_state</c> per canister now and then, never unbounded memory. At least 1.
    /// </summary>
    public int NodeKeyCacheSize { get; init; } = 256;

    /// <summary>The largest response body read, in bytes.</summary>
    public int MaxResponseBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Certificate freshness bounds.</summary>
    public CertificateVerifierOptions Certificates { get; init; } = new();

    /// <summary>Candid decoding bounds for replies.</summary>
    public CandidDecodeLimits Candid { get; init; } = CandidDecodeLimits.Default;
}
