using Canic.Fsm.Ic.Clients;
using Canic.Fsm.Ic.Identity;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Ic.Tests.Contract;

/// <summary>The contract against the simulated IC.</summary>
public sealed class SimulatedManagementCanisterContract : ManagementCanisterContract
{
    private SimulatedIc _ic = null!;

    protected override Task StartNetworkAsync()
    {
        _ic = new SimulatedIc();
        return Task.CompletedTask;
    }

    protected override Task StopNetworkAsync()
    {
        _ic.Dispose();
        return Task.CompletedTask;
    }

    protected override IManagementCanister For(Ed25519Identity identity) => _ic.ManagementCanisterFor(identity.Sender);
}

/// <summary>
/// The contract against the HTTP client: signed envelopes over real HTTP on loopback to an in-process replica
/// whose certificates are signed and verified with real BLS12-381, backed by the simulated IC.
/// </summary>
[TestFixture(false, TestName = "HttpManagementCanisterContract(synchronous v4 calls)")]
[TestFixture(true, TestName = "HttpManagementCanisterContract(202 and polling)")]
public sealed class HttpManagementCanisterContract(bool asyncCalls) : ManagementCanisterContract
{
    private TestReplica _replica = null!;
    private HttpClient _http = null!;

    protected override async Task StartNetworkAsync()
    {
        _replica = await TestReplica.StartAsync();
        _replica.AsyncCalls = asyncCalls;
        _replica.ProcessingPolls = asyncCalls ? 1 : 0;
        _http = new HttpClient();
    }

    protected override async Task StopNetworkAsync()
    {
        _http.Dispose();
        await _replica.DisposeAsync();
    }

    protected override IManagementCanister For(Ed25519Identity identity) => new ManagementCanisterClient(_replica.Agent(identity, _http));
}
