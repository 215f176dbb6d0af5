using Canic.Fsm.Tests.Shared;
using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;
using Canic.Fsm.Orchestration.Pool;
using Canic.Fsm.Orchestration.Tests.Support;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

/// <summary>One pool canister machine per pool row, mirroring every committed change of it.</summary>
[Parallelizable(ParallelScope.All)]
public class PoolMachineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly Principal Operator = Principal.FromBytes([0x0b, 0x07]);

    [Test]
    public async Task ARecycleNotifiedBeforeTheC4ThatPrecededItIsMirroredAndTheStaleWorkloadIgnored()
    {
        // An attempt's commit publishes its Claimed -> Workload once its group commit returns; a Recycle committed right after it publishes at
        // once. The machine can see Recycling (newer) while still Claimed: it must take it, not fault, and ignore Workload.
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        var pid = TestCanisterIds.Unallocated(5);
        var claimed = o.PoolMachines.Stamp(pid, PoolEntryStatus.Claimed, null, "42");
        var workload = o.PoolMachines.Stamp(pid, PoolEntryStatus.Workload, null, "42");
        var recycling = o.PoolMachines.Stamp(pid, PoolEntryStatus.Recycling, null, null);
        o.PoolMachines.Publish([claimed]);
        o.PoolMachines.Publish([recycling]);
        o.PoolMachines.Publish([workload]);
        await o.WhenPoolMachinesProcessedAsync().WaitAsync(Timeout);

        Assert.That(o.PoolMachines.Faults, Is.Empty);
        Assert.That(o.PoolMachines.StateOf(pid), Is.EqualTo("Recycling"));
    }

    [Test]
    public async Task TheMachineFollowsTheCanisterFromReadyThroughClaimAndWorkloadToRecycling()
    {
        await using var h = new OrchestratorHarness(minimumSize: 1, maximumSize: 4);
        var o = await h.OpenAsync();
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);
        var pid = o.ListPoolEntries("Ready").Items.Single().Pid;
        Assert.That(o.GetPoolEntry(pid)!.Machine, Is.EqualTo("Ready"));

        var attempt = await o.WaitForAttemptAsync(await o.ProvisionAsync("app")).WaitAsync(Timeout);
        Assert.That(attempt.Pid, Is.EqualTo(pid));
        await OrchestratorHarness.AssertMachinesMirrorRowsAsync(o);
        Assert.That(o.GetPoolEntry(pid)!.Machine, Is.EqualTo($"Workload({attempt.Id})"));

        await o.PoolAdminAsync(new PoolAdminCommand.Recycle(pid));
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);
        await OrchestratorHarness.AssertMachinesMirrorRowsAsync(o);
        Assert.That(o.GetPoolEntry(pid)!.Machine, Is.EqualTo("Ready"), "recycled: reset and back in the pool");
    }

    [Test]
    public async Task AFailedResetIsMirroredAndRequeueFailedBringsItBackThroughPendingReset()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 4);
        var o = await h.OpenAsync();
        var created = (PoolAdminResponse.Created)await o.PoolAdminAsync(new PoolAdminCommand.CreateEmpty());
        h.Ic.Faults = FaultPlan.None.On(IcMethod.UninstallCode, h.Ic.CallCount(IcMethod.UninstallCode) + 1, new Fault.Reject(RejectCode.CanisterError));
        await o.PoolAdminAsync(new PoolAdminCommand.ImportImmediate(created.Pid));
        await OrchestratorHarness.AssertMachinesMirrorRowsAsync(o);
        Assert.That(o.GetPoolEntry(created.Pid)!.Machine, Does.StartWith("Failed(reset failed"));

        var transitions = new List<string>();
        o.Transition += (_, t) => { lock (transitions) transitions.Add($"{t.From}->{t.To}"); };
        await o.PoolAdminAsync(new PoolAdminCommand.RequeueFailed(null));
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);
        await OrchestratorHarness.AssertMachinesMirrorRowsAsync(o);
        Assert.That(o.GetPoolEntry(created.Pid)!.Machine, Is.EqualTo("Ready"));
        Assert.That(transitions, Is.EqualTo(new[] { "Failed->PendingReset", "PendingReset->Ready" }), "the requeue is reported before the reset's outcome");
    }

    [Test]
    public async Task AQueuedImportReportsEachNewEntryBeforeItsReset()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 4);
        var o = await h.OpenAsync();
        var pid = (await h.Ic.ManagementCanisterFor(OrchestratorHarness.Self)
            .ProvisionalCreateCanisterWithCyclesAsync(new ProvisionalCreateCanisterWithCyclesArgs(OrchestratorHarness.CanisterCycles))).CanisterId.ToString();
        var transitions = new List<string>();
        o.Transition += (_, t) => { if (t.Id == pid) lock (transitions) transitions.Add($"{t.From}->{t.To}"); };

        await o.PoolAdminAsync(new PoolAdminCommand.ImportQueued([pid]));
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);

        Assert.That(o.GetPoolEntry(pid)!.Status, Is.EqualTo("Ready"));
        lock (transitions) Assert.That(transitions, Is.EqualTo(new[] { "->PendingReset", "PendingReset->Ready" }));
    }

    [Test]
    public async Task EveryRowGetsAMachineInItsPersistedStateWhenTheOrchestratorReopens()
    {
        await using var h = new OrchestratorHarness(minimumSize: 2, maximumSize: 6);
        var o = await h.OpenAsync();
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);
        await o.WaitForAttemptAsync(await o.ProvisionAsync("app")).WaitAsync(Timeout);
        await o.PoolAdminAsync(new PoolAdminCommand.ImportQueued([TestCanisterIds.Unallocated(0x42).ToString()]));
        await o.StopAsync();

        var reopened = await h.OpenAsync();
        Assert.That(reopened.PoolMachines.Count, Is.EqualTo(reopened.GetPoolSummary().Total));
        await OrchestratorHarness.AssertMachinesMirrorRowsAsync(reopened);
        Assert.That(reopened.ListPoolEntries().Items.Select(e => e.Machine), Has.Some.StartsWith("Workload(").And.Some.EqualTo("Ready"));
    }

    [Test]
    public async Task PoolResetsSetTheConfiguredPoolControllersThenTheOrchestratorWithoutDuplicates()
    {
        // Configured twice and with the orchestrator in the middle: kept once each, in first-seen order.
        await using var h = new OrchestratorHarness(minimumSize: 1, maximumSize: 2, poolControllers: [Operator, OrchestratorHarness.Self, Operator]);
        var management = new SettingsRecorder(h.Ic.ManagementCanisterFor(OrchestratorHarness.Self));
        var o = await h.OpenAsync(management: management);
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);

        var pid = Principal.Parse(o.ListPoolEntries("Ready").Items.Single().Pid);
        // The IC keeps controllers as a set; the order asked for is what update_settings was sent.
        Assert.That(management.Sent.Single(u => u.CanisterId == pid).Settings.Controllers, Is.EqualTo(new[] { Operator, OrchestratorHarness.Self }));
        Assert.That(h.Ic.Canister(pid)!.Controllers, Is.EquivalentTo(new[] { Operator, OrchestratorHarness.Self }));
    }

    /// <summary>Records every update_settings sent, then forwards it.</summary>
    private sealed class SettingsRecorder(IManagementCanister inner) : ForwardingManagementCanister(inner)
    {
        public List<UpdateSettingsArgs> Sent { get; } = [];
        public override Task UpdateSettingsAsync(UpdateSettingsArgs args, CancellationToken ct = default)
        {
            lock (Sent) Sent.Add(args);
            return Inner.UpdateSettingsAsync(args, ct);
        }
    }

    [Test]
    public void AStaleNotificationIsIgnoredAndAnUnchangedRowOnlyTakesTheNewerSequence()
    {
        var pid = Principal.FromBytes([0x01]);
        var ready = (PoolCanisterState)PoolCanisterMachine.Mirror(new PoolRowChange(pid, PoolEntryStatus.Ready, null, null, 5));

        var stale = PoolCanisterMachine.Observe(new PoolRowChange(pid, PoolEntryStatus.PendingReset, null, null, 4))(ready);
        var same = PoolCanisterMachine.Observe(new PoolRowChange(pid, PoolEntryStatus.Ready, null, null, 7))(ready);
        var claimed = PoolCanisterMachine.Observe(new PoolRowChange(pid, PoolEntryStatus.Claimed, null, "9", 8))(ready);

        Assert.That(stale, Is.Null, "older than the state");
        Assert.That(same, Is.Null);
        Assert.That(ready.Sequence, Is.EqualTo(7));
        Assert.That(claimed?.ToString(), Is.EqualTo("Claimed(9)"));
        Assert.That(PoolCanisterMachine.Chart.Permits(ready, claimed!), Is.True);
    }
}
