using Canic.Fsm.Tests.Shared;
using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;
using Canic.Fsm.Orchestration.Tests.Support;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

/// <summary>Money-rule regressions found in review: deletes, the registry, and intents in flight.</summary>
[Parallelizable(ParallelScope.All)]
public class MoneyRuleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Test]
    public async Task ACompensationThatDeletesTheCanisterAlsoRemovesItsRegistryRow()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 0);
        h.Ic.Faults = FaultPlan.None.On(IcMethod.InstallCode, 1, new Fault.Reject(RejectCode.CanisterError));
        var o = await h.OpenAsync();

        var attempt = await o.WaitForAttemptAsync(await o.ProvisionAsync("app")).WaitAsync(Timeout);

        var pid = Principal.Parse(attempt.Pid!);
        Assert.That(h.Ic.Canister(pid)!.Deleted, Is.True);
        Assert.That(o.Persistence.Read(r => r.Registry.Get(pid)), Is.Null, "no registry row for a deleted canister");
    }

    [Test]
    public async Task ADeleteThatTimedOutBeforeApplyingIsRetriedAndTheCanisterDeleted()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 0);
        h.Ic.Faults = FaultPlan.None.On(IcMethod.InstallCode, 1, new Fault.Reject(RejectCode.CanisterError))
            .On(IcMethod.DeleteCanister, 1, new Fault.TimedOutBeforeApplied());
        var o = await h.OpenAsync();

        var attempt = await o.WaitForAttemptAsync(await o.ProvisionAsync("app")).WaitAsync(Timeout);

        Assert.That(attempt.State, Is.EqualTo("Failed"));
        Assert.That(h.Ic.CallCount(IcMethod.DeleteCanister), Is.EqualTo(2), "delete_canister is resent");
        Assert.That(h.Ic.Canister(Principal.Parse(attempt.Pid!))!.Deleted, Is.True);
        Assert.That(o.GetPoolSummary().Total, Is.Zero);
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task APoolCheckDoesNotResendAProvisionalCreateThatIsStillInFlight()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 4, creation: CreationMethod.Provisional);
        var gate = new GatedProvisionalCreate(h.Ic.ManagementCanisterFor(OrchestratorHarness.Self));
        var o = await h.OpenAsync(management: gate);

        var createEmpty = o.PoolAdminAsync(new PoolAdminCommand.CreateEmpty());
        await gate.Entered.Task.WaitAsync(Timeout);
        await o.CheckOnceAsync().WaitAsync(Timeout); // the intent is committed and its call in flight
        gate.Release.SetResult();
        await createEmpty.WaitAsync(Timeout);
        await o.RunToQuiescenceAsync();

        Assert.That(h.Ic.CallCount(IcMethod.ProvisionalCreateCanisterWithCycles), Is.EqualTo(1), "one intent, one paid call");
        Assert.That(h.Ic.Snapshot().Canisters.Count(c => !c.Deleted), Is.EqualTo(1));
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task AProvisionalCreateWhoseIdCouldNotBeCommittedIsBlockedNotResent()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 4, creation: CreationMethod.Provisional);
        var store = new FailingCommit();
        var o = await h.OpenAsync(observer: store, management: new FailCommitAfter(h.Ic.ManagementCanisterFor(OrchestratorHarness.Self), store, IcMethod.ProvisionalCreateCanisterWithCycles));

        // The canister is created, but the commit of its id fails (a store error, not a crash): the id is lost.
        Assert.That(async () => await o.PoolAdminAsync(new PoolAdminCommand.CreateEmpty()), Throws.InstanceOf<IOException>());
        await o.RunToQuiescenceAsync();

        Assert.That(h.Ic.CallCount(IcMethod.ProvisionalCreateCanisterWithCycles), Is.EqualTo(1), "a provisional create cannot be deduplicated: never resent");
        Assert.That(o.ListCreations("Blocked").Items, Has.Count.EqualTo(1), "the operator is told");
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task ACompensationResumedAfterItsDeleteSucceededRecognisesTheCanisterIsGone()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 0);
        var (o, _) = await OpenWithTheDeleteCommitLostAsync(h);

        // The delete is done, but the commit that records it fails: the attempt stays Compensating and is resumed.
        var id = await o.ProvisionAsync("app");
        await o.RunToQuiescenceAsync();

        var attempt = o.GetAttempt(id)!;
        Assert.That(attempt.State, Is.EqualTo("Failed"));
        Assert.That(h.Ic.Canister(Principal.Parse(attempt.Pid!))!.Deleted, Is.True);
        Assert.That(o.GetPoolSummary().Total, Is.Zero, "no pool row left for a canister that no longer exists");
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task ACanisterStoppedByACompensationThatCouldNotDeleteItIsRunningWhenTheNextAttemptGetsIt()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 0);
        h.Ic.Faults = FaultPlan.None.On(IcMethod.InstallCode, 1, new Fault.Reject(RejectCode.CanisterError))
            .On(IcMethod.DeleteCanister, 1, new Fault.Reject(RejectCode.CanisterError)); // definitive: the canister exists and stays
        var o = await h.OpenAsync();
        var failed = await o.WaitForAttemptAsync(await o.ProvisionAsync("app")).WaitAsync(Timeout);
        await o.RunToQuiescenceAsync();
        Assert.That(o.GetPoolEntry(failed.Pid!)!.Status, Is.EqualTo("Ready"), "kept in the pool, as the delete failed");

        var next = await o.WaitForAttemptAsync(await o.ProvisionAsync("app")).WaitAsync(Timeout);

        Assert.That(next.State, Is.EqualTo("Committed"));
        Assert.That(next.Pid, Is.EqualTo(failed.Pid), "the recycled canister is reused");
        Assert.That(h.Ic.Canister(Principal.Parse(next.Pid!))!.Status, Is.EqualTo(CanisterStatus.Running), "a workload is not handed a stopped canister");
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task APersistedDeleteIsFinishedAfterARestartEvenWhenThePoolNowHasRoomForTheCanister()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 0);
        var (first, store) = await OpenWithTheDeleteCommitLostAsync(h);
        var id = await first.ProvisionAsync("app");
        await store.Refused.Task.WaitAsync(Timeout); // the delete is done, its commit lost: the attempt stays Compensating
        await first.StopAsync();

        // Restarted with a larger pool: the persisted delete intent decides, not a new plan that would recycle a deleted canister.
        var config = h.Config with { Pool = h.Config.Pool with { MaximumSize = 3 } };
        await using var second = await Orchestration.Orchestrator.OpenWithConfigAsync(config, h.DatabasePath, h.Ic.ManagementCanisterFor(OrchestratorHarness.Self),
            h.Ic.CyclesLedgerFor(OrchestratorHarness.Self), new OrchestratorServices(), CancellationToken.None, runPeriodicCheck: false);
        await second.RunToQuiescenceAsync();

        var attempt = second.GetAttempt(id)!;
        Assert.That(attempt.State, Is.EqualTo("Failed"));
        Assert.That(attempt.History.Select(t => t.To), Does.Contain("Compensating"));
        Assert.That(h.Ic.Canister(Principal.Parse(attempt.Pid!))!.Deleted, Is.True);
        Assert.That(second.ListPoolEntries().Items, Is.Empty, "no pool row for the deleted canister");
        await h.AssertInvariantsAsync(second);
    }

    /// <summary>The install is rejected, the compensation deletes the new canister, and the commit that records the delete fails.</summary>
    private static async Task<(Orchestration.Orchestrator, FailingCommit)> OpenWithTheDeleteCommitLostAsync(OrchestratorHarness h)
    {
        h.Ic.Faults = FaultPlan.None.On(IcMethod.InstallCode, 1, new Fault.Reject(RejectCode.CanisterError));
        var store = new FailingCommit();
        var o = await h.OpenAsync(observer: store, management: new FailCommitAfter(h.Ic.ManagementCanisterFor(OrchestratorHarness.Self), store, IcMethod.DeleteCanister));
        return (o, store);
    }

    /// <summary>Refuses the next unit of work once armed (the first arming only).</summary>
    private sealed class FailingCommit : Canic.Fsm.Orchestration.Runtime.ICommitObserver
    {
        private int _armed;
        private int _used;
        public TaskCompletionSource Refused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public void Arm()
        {
            if (Interlocked.Exchange(ref _used, 1) == 0) Volatile.Write(ref _armed, 1);
        }
        public void BeforeCommit()
        {
            if (Interlocked.Exchange(ref _armed, 0) != 1) return;
            Refused.TrySetResult();
            throw new IOException("simulated store write failure");
        }
        public void AfterCommit() { }
    }

    /// <summary>Arms <see cref="FailingCommit"/> when a call of <paramref name="method"/> returns, so the commit that records it fails.</summary>
    private sealed class FailCommitAfter(IManagementCanister inner, FailingCommit store, IcMethod method) : ForwardingManagementCanister(inner)
    {
        public override async Task<CanisterIdRecord> ProvisionalCreateCanisterWithCyclesAsync(ProvisionalCreateCanisterWithCyclesArgs args, CancellationToken ct = default)
        {
            var created = await Inner.ProvisionalCreateCanisterWithCyclesAsync(args, ct);
            ArmAfter(IcMethod.ProvisionalCreateCanisterWithCycles);
            return created;
        }
        public override async Task DeleteCanisterAsync(CanisterIdRecord args, CancellationToken ct = default)
        {
            await Inner.DeleteCanisterAsync(args, ct);
            ArmAfter(IcMethod.DeleteCanister);
        }
        private void ArmAfter(IcMethod returned)
        {
            if (returned == method) store.Arm();
        }
    }

    /// <summary>Holds the first provisional create until released, so a test can act while it is in flight.</summary>
    private sealed class GatedProvisionalCreate(IManagementCanister inner) : ForwardingManagementCanister(inner)
    {
        private int _calls;
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public override async Task<CanisterIdRecord> ProvisionalCreateCanisterWithCyclesAsync(ProvisionalCreateCanisterWithCyclesArgs args, CancellationToken ct = default)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                Entered.SetResult();
                await Release.Task.WaitAsync(ct);
            }
            return await Inner.ProvisionalCreateCanisterWithCyclesAsync(args, ct);
        }
    }
}
