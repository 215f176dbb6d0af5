namespace Canic.Fsm.Ic.Replica;

/// <summary>How the development replica serves: where, with which certificate layout, how long a synchronous call waits.</summary>
public sealed record ReplicaOptions
{
    /// <summary>The loopback address to listen on. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port; 0 picks a free one. Default 4943, a local dfx replica's.</summary>
    public int Port { get; init; } = 4943;

    /// <summary>
    /// Whether certificates are signed by a subnet key delegated from the root key, as mainnet's are, instead of by the
    /// root key itself (a local dfx replica's way). Default false.
    /// </summary>
    public bool Delegation { get; init; }

    /// <summary>How many <c>/canister_ranges/&lt;subnet&gt;/&lt;shard&gt;</c> leaves a delegation splits the subnet's ranges into. Default 1.</summary>
    public int Shards { get; init; } = 1;

    /// <summary>How long a v3/v4 call waits for its reply before answering 202 (the client then polls). Default 10 s.</summary>
    public TimeSpan SyncCallWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a certification round collects the replies of update calls before it signs them together, as the IC
    /// certifies its state once per round: every reply of a round carries the same root hash and signature (each
    /// pruned to its own request), so a burst of calls costs one BLS signature per round, and a client that remembers
    /// verified signatures one check. Zero (the default) signs a round as soon as the previous one is done: replies
    /// that arrive while a round is being signed share the next one.
    /// </summary>
    public TimeSpan CertificationRound { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// How many connections may wait to be accepted (the listen backlog; the kernel caps it at <c>net.core.somaxconn</c>).
    /// Default 4096, so that a thousand clients connecting at once are not made to retry after a second.
    /// </summary>
    public int ListenBacklog { get; init; } = 4096;

    /// <summary>The largest request body accepted (413 above). Default 4 MiB (a 2 MiB module with its envelope fits).</summary>
    public int MaxRequestBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!System.Net.IPAddress.TryParse(Host, out var address) || !System.Net.IPAddress.IsLoopback(address))
            throw new ArgumentException($"Host '{Host}' is not a loopback address: the development replica serves this machine only.");
        if (Port is < 0 or > 65535) throw new ArgumentException($"Port {Port} is not a TCP port (0 to 65535).");
        if (Shards < 1) throw new ArgumentException($"Shards {Shards} is below 1.");
        if (SyncCallWait < TimeSpan.Zero) throw new ArgumentException($"SyncCallWait {SyncCallWait} is negative.");
        if (CertificationRound < TimeSpan.Zero || CertificationRound > TimeSpan.FromSeconds(10))
            throw new ArgumentException($"CertificationRound {CertificationRound} is outside 0 to 10 s.");
        if (ListenBacklog is < 1 or > 65535) throw new ArgumentException($"ListenBacklog {ListenBacklog} is outside 1 to 65535.");
        if (MaxRequestBytes < 1024) throw new ArgumentException($"MaxRequestBytes {MaxRequestBytes} is below 1024.");
    }
}
