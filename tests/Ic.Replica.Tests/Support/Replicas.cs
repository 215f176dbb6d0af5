using Canic.Fsm.Ic.Agent;
using Canic.Fsm.Ic.Identity;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Ic.Replica.Tests.Support;

/// <summary>A development replica on a free loopback port over a fresh simulated IC, and agents for it.</summary>
internal static class Replicas
{
    public static async Task<ReplicaServer> StartAsync(bool delegation = false, int shards = 1, TimeProvider? time = null, ReplicaKeys? keys = null, TimeSpan? syncCallWait = null)
    {
        var options = new ReplicaOptions { Port = 0, Delegation = delegation, Shards = shards, SyncCallWait = syncCallWait ?? TimeSpan.FromSeconds(10) };
        var server = new ReplicaServer(new SimulatedIc(), keys ?? ReplicaKeys.Random(), options, time);
        await server.StartAsync();
        return server;
    }

    public static async Task StopAsync(ReplicaServer server)
    {
        await server.DisposeAsync();
        server.Ic.Dispose();
    }

    /// <summary>An agent that fetches the replica's root key, as <c>Ic:Network=local</c> does; quick polling for tests.</summary>
    public static Task<IcAgent> AgentAsync(ReplicaServer server, IIdentity identity, HttpClient http, TimeSpan? pollTimeout = null) =>
        IcAgent.CreateAsync(http, identity, new IcAgentOptions
        {
            BaseAddress = server.BaseAddress,
            Network = IcNetwork.Local,
            PollInitialDelay = TimeSpan.FromMilliseconds(5),
            PollMaxDelay = TimeSpan.FromMilliseconds(20),
            HttpRetryDelay = TimeSpan.FromMilliseconds(5),
            PollTimeout = pollTimeout ?? TimeSpan.FromSeconds(20),
        });
}
