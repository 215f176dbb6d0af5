using Canic.Fsm.Tests.Shared;
using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

/// <summary>The six unit tests of the seed's pool (002_*), ported to the persisted pool.</summary>
[Parallelizable(ParallelScope.All)]
public class SeedPoolTests
{
    private static Principal P(byte id) => TestCanisterIds.Unallocated(id);

    private static void Register(Orchestration.Orchestrator o, Principal pid, Cycles cycles, PoolEntryStatus status, string? reason = null,
        string? role = null, Principal? parent = null, string? hash = null)
    {
        var now = DateTimeOffset.UtcNow;
        o.Persistence.Commit(tx => tx.Pool.TryInsert(new PoolEntry(pid, now, cycles, status, reason, null, role, parent, hash, now)));
    }

    /// <summary>
    /// A canister that exists on the simulated IC with the orchestrator as controller, so that the reset the reset worker runs in
    /// the background ends Ready and the test can wait for it (an id unknown to the IC would have its row removed meanwhile).
    /// </summary>
    private static async Task<Principal> ExistingCanisterAsync(OrchestratorHarness h) =>
        (await h.Ic.ManagementCanisterFor(OrchestratorHarness.Self).ProvisionalCreateCanisterWithCyclesAsync(
            new ProvisionalCreateCanisterWithCyclesArgs(Cycles.Parse("2T"), new CanisterSettings { Controllers = [OrchestratorHarness.Self] }))).CanisterId;

    [Test]
    public async Task ImportQueuedRegistersPendingEntries()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        var pids = new[] { await ExistingCanisterAsync(h), await ExistingCanisterAsync(h) };
        var result = await o.PoolAdminAsync(new PoolAdminCommand.ImportQueued([pids[0].ToString(), pids[1].ToString()]));
        Assert.That(result, Is.EqualTo(new PoolAdminResponse.QueuedImported(2, 0, 0, 2)));
        await o.RunToQuiescenceAsync();
        Assert.That(pids.Select(pid => o.GetPoolEntry(pid.ToString())?.Status), Is.EqualTo(new[] { "Ready", "Ready" }),
            "queued PendingReset, then reset by the worker");
    }

    [Test]
    public async Task ImportQueuedRequeuesFailedEntries()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        var pid = await ExistingCanisterAsync(h);
        Register(o, pid, new Cycles(10), PoolEntryStatus.Failed, "nope");
        var response = await o.PoolAdminAsync(new PoolAdminCommand.ImportQueued([pid.ToString()]));
        Assert.That(response, Is.EqualTo(new PoolAdminResponse.QueuedImported(0, 1, 0, 1)));
        await o.RunToQuiescenceAsync();
        var entry = o.Persistence.Read(r => r.Pool.Get(pid))!;
        Assert.That(entry.Status, Is.EqualTo(PoolEntryStatus.Ready), "requeued, then reset by the worker");
        Assert.That(entry.Reason, Is.Null, "requeued: the old reason is gone");
    }

    [Test]
    public async Task ImportQueuedSkipsReadyEntries()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        Register(o, P(4), new Cycles(42), PoolEntryStatus.Ready);
        var response = await o.PoolAdminAsync(new PoolAdminCommand.ImportQueued([P(4).ToString()]));
        Assert.That(response, Is.EqualTo(new PoolAdminResponse.QueuedImported(0, 0, 1, 1)));
        var entry = o.GetPoolEntry(P(4).ToString())!;
        Assert.That(entry.Status, Is.EqualTo("Ready"));
        Assert.That(entry.Cycles, Is.EqualTo("42"));
    }

    [Test]
    public async Task ImportQueuedSkipsRegistryCanisters()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        o.Persistence.Commit(tx => tx.Registry.TryInsert(new RegistryEntry(P(5), "alpha", null, "00", RegistryStatus.Active, "a1", DateTimeOffset.UtcNow)));
        var response = await o.PoolAdminAsync(new PoolAdminCommand.ImportQueued([P(5).ToString()]));
        Assert.That(response, Is.EqualTo(new PoolAdminResponse.QueuedImported(0, 0, 1, 1)));
        Assert.That(o.GetPoolEntry(P(5).ToString()), Is.Null);
    }

    [Test]
    public async Task UpdatePreservesMetadata()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        var pid = await ExistingCanisterAsync(h);
        Register(o, pid, new Cycles(7), PoolEntryStatus.Failed, "oops", "alpha", P(9), "010203");
        var response = await o.PoolAdminAsync(new PoolAdminCommand.RequeueFailed([pid.ToString()]));
        Assert.That(response, Is.EqualTo(new PoolAdminResponse.FailedRequeued(1, 0, 1)));
        await o.RunToQuiescenceAsync();
        var entry = o.Persistence.Read(r => r.Pool.Get(pid))!;
        Assert.That(entry.Status, Is.EqualTo(PoolEntryStatus.Ready), "requeued and reset");
        Assert.That(entry.Role, Is.EqualTo("alpha"));
        Assert.That(entry.Parent, Is.EqualTo(P(9)));
        Assert.That(entry.ModuleHash, Is.EqualTo("010203"));
    }

    [Test]
    public async Task RequeueFailedScansThePoolAndSchedulesTheWorker()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        Register(o, P(7), new Cycles(11), PoolEntryStatus.Failed, "bad");
        Register(o, P(8), new Cycles(22), PoolEntryStatus.Ready);
        var response = await o.PoolAdminAsync(new PoolAdminCommand.RequeueFailed(null));
        Assert.That(response, Is.EqualTo(new PoolAdminResponse.FailedRequeued(1, 1, 2)));
        await o.RunToQuiescenceAsync();
        Assert.That(o.Persistence.Read(r => r.Pool.Get(P(7))), Is.Null,
            "the worker ran: the reset found no such canister (not found) and removed the row, which could never be Ready");
        var ready = o.GetPoolEntry(P(8).ToString())!;
        Assert.That(ready.Status, Is.EqualTo("Ready"));
        Assert.That(ready.Cycles, Is.EqualTo("22"));
    }
}
