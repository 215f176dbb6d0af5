using Canic.Fsm.Ic.Agent;
using Canic.Fsm.Ic.Clients;
using Canic.Fsm.Ic.Identity;
using Canic.Fsm.Ic.Replica;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Ic.Tests.Contract;

/// <summary>
/// A development replica (<c>canic-fsm replica</c>'s server) on loopback for one test, and agents that trust its
/// root key the way a worker configured with <c>Ic:Network=local</c> does: fetched from <c>/api/v2/status</c>.
/// </summary>
internal sealed class ReplicaUnderTest : IAsyncDisposable
{
    private readonly HttpClient _http = new();

    private ReplicaUnderTest(ReplicaServer server) => Server = server;

    public ReplicaServer Server { get; }

    public SimulatedIc Ic => Server.Ic;

    public static async Task<ReplicaUnderTest> StartAsync(bool delegation, int shards = 1)
    {
        var server = new ReplicaServer(new SimulatedIc(), ReplicaKeys.Random(), new ReplicaOptions { Port = 0, Delegation = delegation, Shards = shards });
        await server.StartAsync();
        return new ReplicaUnderTest(server);
    }

    public async Task<IcAgent> AgentAsync(IIdentity identity) =>
        await IcAgent.CreateAsync(_http, identity, new IcAgentOptions
        {
            BaseAddress = Server.BaseAddress,
            Network = IcNetwork.Local,
            PollInitialDelay = TimeSpan.FromMilliseconds(5),
            PollMaxDelay = TimeSpan.FromMilliseconds(20),
            HttpRetryDelay = TimeSpan.FromMilliseconds(5),
        });

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
        Server.Ic.Dispose();
    }
}

/// <summary>
/// The management-canister contract against the development replica: root-signed like a dfx replica, delegated like
/// mainnet, and delegated with the ranges split over three shards (the client must pick the greatest shard label not
/// above the canister id).
/// </summary>
[TestFixture(false, 1, TestName = "ReplicaManagementCanisterContract(root key)")]
[TestFixture(true, 1, TestName = "ReplicaManagementCanisterContract(delegation)")]
[TestFixture(true, 3, TestName = "ReplicaManagementCanisterContract(delegation, 3 shards)")]
public sealed class ReplicaManagementCanisterContract(bool delegation, int shards) : ManagementCanisterContract
{
    private ReplicaUnderTest _replica = null!;
    private readonly Dictionary<Principal, IManagementCanister> _clients = [];

    protected override async Task StartNetworkAsync()
    {
        _replica = await ReplicaUnderTest.StartAsync(delegation, shards);
        foreach (var identity in new[] { Alice, Bob })
            _clients[identity.Sender] = new ManagementCanisterClient(await _replica.AgentAsync(identity), _replica.Server.Layout.DefaultEffectiveCanisterId);
    }

    protected override async Task StopNetworkAsync() => await _replica.DisposeAsync();

    protected override IManagementCanister For(Ed25519Identity identity) => _clients[identity.Sender];
}

/// <summary>The cycles-ledger contract against the development replica, with a delegation over three shards (the ledger has its own).</summary>
[TestFixture(false, 1, TestName = "ReplicaCyclesLedgerContract(root key)")]
[TestFixture(true, 3, TestName = "ReplicaCyclesLedgerContract(delegation, 3 shards)")]
public sealed class ReplicaCyclesLedgerContract(bool delegation, int shards) : CyclesLedgerContract
{
    private ReplicaUnderTest _replica = null!;
    private ICyclesLedger _ledger = null!;
    private IManagementCanister _management = null!;

    protected override async Task<SimulatedIc> StartNetworkAsync()
    {
        _replica = await ReplicaUnderTest.StartAsync(delegation, shards);
        var agent = await _replica.AgentAsync(Alice);
        _ledger = new CyclesLedgerClient(agent, _replica.Server.Layout.LedgerId);
        _management = new ManagementCanisterClient(agent, _replica.Server.Layout.DefaultEffectiveCanisterId);
        return _replica.Ic;
    }

    protected override async Task StopNetworkAsync() => await _replica.DisposeAsync();

    protected override ICyclesLedger For(Ed25519Identity identity) => _ledger;

    protected override IManagementCanister ManagementFor(Ed25519Identity identity) => _management;
}
