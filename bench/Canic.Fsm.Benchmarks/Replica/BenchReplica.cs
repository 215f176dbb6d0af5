using System.Security.Cryptography;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Agent;
using Canic.Fsm.Ic.Clients;
using Canic.Fsm.Ic.Identity;
using Canic.Fsm.Ic.Replica;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Benchmarks.Replica;

/// <summary>
/// A development replica on a free loopback port (in-process Kestrel) over a fresh simulated IC, and the worker's http
/// backend against it: one pooled HttpClient, an agent that trusts the replica's root key as <c>Ic:Network=local</c>
/// does, with the agent's default polling (0.5 s to 1 s), and the management canister and cycles ledger clients.
/// </summary>
internal sealed class BenchReplica : IAsyncDisposable
{
    private readonly HttpClient _http;

    private BenchReplica(ReplicaServer server, HttpClient http, IManagementCanister management, ICyclesLedger ledger)
    {
        Server = server;
        _http = http;
        Management = management;
        Ledger = ledger;
    }

    public ReplicaServer Server { get; }

    public IManagementCanister Management { get; }

    public ICyclesLedger Ledger { get; }

    /// <summary>The principal the clients sign as (the orchestrator's <c>Self</c> on this IC).</summary>
    public Principal Sender => Management.Caller;

    /// <summary>Update calls the replica received so far (every version of the call endpoint).</summary>
    public long UpdateCalls => Server.Count("v4 call") + Server.Count("v3 call") + Server.Count("v2 call");

    /// <summary>read_state requests (status polls) the replica received so far.</summary>
    public long ReadStates => Server.Count("read_state");

    /// <summary>Certification rounds the replica signed so far (the replies of a round share one signature).</summary>
    public long Rounds => Server.CertificationRoundsSigned;

    public static BenchReplica Start(Cycles mint)
    {
        var ic = new SimulatedIc(new SimulatedIcOptions { CanisterIdRangeEnd = 1UL << 40 });
        var server = new ReplicaServer(ic, ReplicaKeys.Random(), new ReplicaOptions { Port = 0 });
        server.StartAsync().GetAwaiter().GetResult();
        var identity = Ed25519Identity.FromSeed(RandomNumberGenerator.GetBytes(32));
        ic.Mint(new Account(identity.Sender), mint);
        // As the worker's http backend builds it (HttpIcBackend): one pooled client for every call.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        var agent = IcAgent.CreateAsync(http, identity, new IcAgentOptions { BaseAddress = server.BaseAddress, Network = IcNetwork.Local })
            .GetAwaiter().GetResult();
        return new BenchReplica(server, http,
            new ManagementCanisterClient(agent, server.Layout.DefaultEffectiveCanisterId),
            new CyclesLedgerClient(agent, server.Layout.LedgerId));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
        Server.Ic.Dispose();
    }
}
