using Canic.Fsm.Tests.Shared;
using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

/// <summary>
/// The unknown-outcome rule at every place it applies, with faults in sequence: once a send may have applied, no later
/// reject ends it as "did not happen" (ledger creation: only the canister or TooOld; install: the module hash; delete: "not
/// found" or the canister). The harness sends each call at most 3 times (no delay).
/// </summary>
[Parallelizable(ParallelScope.All)]
public class UnknownOutcomeRuleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static FaultPlan Plan(params (IcMethod Method, int Call, Fault Fault)[] faults) =>
        faults.Aggregate(FaultPlan.None, (plan, f) => plan.On(f.Method, f.Call, f.Fault));

    private static Fault Lost => new Fault.AppliedButReplyLost();
    private static Fault TimedOut => new Fault.TimedOutBeforeApplied();
    private static Fault Reject(RejectCode code) => new Fault.Reject(code);

    private static async Task<AttemptView> ProvisionNewAsync(OrchestratorHarness h)
    {
        var o = h.Current!;
        var attempt = await o.WaitForAttemptAsync(await o.ProvisionAsync("app")).WaitAsync(Timeout);
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);
        return o.GetAttempt(long.Parse(attempt.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;
    }

    private static int LiveCanisters(OrchestratorHarness h) => h.Ic.Snapshot().Canisters.Count(c => !c.Deleted);

    // ---- ledger creation ----

    [TestCase(RejectCode.SysTransient)]
    [TestCase(RejectCode.SysFatal)]
    [TestCase(RejectCode.DestinationInvalid)]
    [TestCase(RejectCode.CanisterReject)]
    [TestCase(RejectCode.CanisterError)]
    public async Task ALedgerCreationWhoseReplyWasLostIsNotEndedByALaterReject(RejectCode code)
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        h.Ic.Faults = Plan((IcMethod.CreateCanister, 1, Lost), (IcMethod.CreateCanister, 2, Reject(code)));
        await h.OpenAsync();

        var attempt = await ProvisionNewAsync(h);

        Assert.That(attempt.State, Is.EqualTo("Committed"), attempt.Reason);
        Assert.That(LiveCanisters(h), Is.EqualTo(1), "one canister paid, and it is the attempt's");
        Assert.That(h.Current!.ListCreations("Created").Items.Single().Pid, Is.EqualTo(attempt.Pid));
        await h.AssertInvariantsAsync(h.Current!);
    }

    [Test]
    public async Task ATimeOutBeforeApplyingThenALostReplyIsAdoptedOnce()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        h.Ic.Faults = Plan((IcMethod.CreateCanister, 1, TimedOut), (IcMethod.CreateCanister, 2, Lost));
        await h.OpenAsync();

        var attempt = await ProvisionNewAsync(h);

        Assert.That(attempt.State, Is.EqualTo("Committed"), attempt.Reason);
        Assert.That(LiveCanisters(h), Is.EqualTo(1));
        await h.AssertInvariantsAsync(h.Current!);
    }

    [Test]
    public async Task ALostReplyThenARestartThenADefinitiveRejectKeepsTheCreationOpenUntilTheLedgerAnswers()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        // Sends 1-3 of the first process: lost, then two time-outs (the budget is spent, the outcome unknown).
        h.Ic.Faults = Plan((IcMethod.CreateCanister, 1, Lost), (IcMethod.CreateCanister, 2, TimedOut), (IcMethod.CreateCanister, 3, TimedOut),
            // After the restart: a definitive reject, which proves nothing about send 1.
            (IcMethod.CreateCanister, 4, Reject(RejectCode.CanisterError)), (IcMethod.CreateCanister, 5, Reject(RejectCode.CanisterReject)),
            (IcMethod.CreateCanister, 6, Reject(RejectCode.SysTransient)));
        var first = await h.OpenAsync();
        var id = await first.ProvisionAsync("app");
        await WaitUntilAsync(() => h.Ic.CallCount(IcMethod.CreateCanister) >= 3);
        await first.StopAsync(); // the process ends with the intent open

        var second = await h.OpenAsync();
        Assert.That(second.GetAttempt(id)!.State, Is.EqualTo("Reserved"), "not failed by the rejects");
        Assert.That(second.ListCreations("Intent").Items, Has.Count.EqualTo(1));
        await second.RunToQuiescenceAsync().WaitAsync(Timeout);
        var attempt = await second.WaitForAttemptAsync(id).WaitAsync(Timeout);

        Assert.That(attempt.State, Is.EqualTo("Committed"), attempt.Reason);
        Assert.That(LiveCanisters(h), Is.EqualTo(1));
        await h.AssertInvariantsAsync(second);
    }

    [Test]
    public async Task OnlyTransientRejectsThatNeverAppliedFailTheAttemptWhenTheBudgetIsSpentAndSaySo()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        h.Ic.Faults = Plan((IcMethod.CreateCanister, 1, Reject(RejectCode.SysTransient)), (IcMethod.CreateCanister, 2, Reject(RejectCode.SysTransient)),
            (IcMethod.CreateCanister, 3, Reject(RejectCode.SysTransient)));
        await h.OpenAsync();

        var attempt = await ProvisionNewAsync(h);

        Assert.That(attempt.State, Is.EqualTo("Failed"));
        Assert.That(attempt.Reason, Does.Contain("retry budget spent after 3 send(s), none applied"));
        Assert.That(LiveCanisters(h), Is.Zero);
        Assert.That(h.Current!.ListCreations("Failed").Items, Has.Count.EqualTo(1));
        await h.AssertInvariantsAsync(h.Current!);
    }

    [Test]
    public async Task AFirstSendRejectedDefinitivelyFailsTheAttemptNamingTheCode()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        h.Ic.Faults = Plan((IcMethod.CreateCanister, 1, Reject(RejectCode.CanisterReject)));
        await h.OpenAsync();

        var attempt = await ProvisionNewAsync(h);

        Assert.That(attempt.State, Is.EqualTo("Failed"));
        Assert.That(attempt.Reason, Does.Contain("definitive reject").And.Contain("code 4"));
        Assert.That(h.Ic.CallCount(IcMethod.CreateCanister), Is.EqualTo(1), "a definitive reject is not retried");
        await h.AssertInvariantsAsync(h.Current!);
    }

    [Test]
    public async Task ATransientRejectThenSuccessCreatesWithoutFailingAnything()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        h.Ic.Faults = Plan((IcMethod.CreateCanister, 1, Reject(RejectCode.SysTransient)), (IcMethod.UpdateSettings, 1, Reject(RejectCode.SysTransient)),
            (IcMethod.InstallCode, 1, Reject(RejectCode.SysTransient)));
        await h.OpenAsync();

        var attempt = await ProvisionNewAsync(h);

        Assert.That(attempt.State, Is.EqualTo("Committed"), attempt.Reason);
        Assert.That(h.Ic.CallCount(IcMethod.CreateCanister), Is.EqualTo(2));
        Assert.That(h.Ic.CallCount(IcMethod.InstallCode), Is.EqualTo(2));
        await h.AssertInvariantsAsync(h.Current!);
    }

    [Test]
    public async Task APoolRefillCreationWhoseReplyWasLostIsNotFailedByALaterReject()
    {
        await using var h = new OrchestratorHarness(minimumSize: 1, maximumSize: 2);
        h.Ic.Faults = Plan((IcMethod.CreateCanister, 1, Lost), (IcMethod.CreateCanister, 2, Reject(RejectCode.CanisterError)),
            (IcMethod.CreateCanister, 3, Reject(RejectCode.SysFatal)));
        var o = await h.OpenAsync();

        await o.RunToQuiescenceAsync().WaitAsync(Timeout);
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);

        Assert.That(o.ListCreations("Failed").Items, Is.Empty, "a reject after a lost reply is not a refusal");
        Assert.That(o.GetPoolSummary().Ready, Is.EqualTo(1));
        Assert.That(LiveCanisters(h), Is.EqualTo(1));
        await h.AssertInvariantsAsync(o);
    }

    // ---- install ----

    [Test]
    public async Task AnInstallWhoseReplyWasLostThenAStatusRejectedTransientlyIsReconciledByModuleHash()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        h.Ic.Faults = Plan((IcMethod.InstallCode, 1, Lost), (IcMethod.CanisterStatus, 1, Reject(RejectCode.SysTransient)));
        await h.OpenAsync();

        var attempt = await ProvisionNewAsync(h);

        Assert.That(attempt.State, Is.EqualTo("Committed"), attempt.Reason);
        Assert.That(h.Ic.CallCount(IcMethod.InstallCode), Is.EqualTo(1), "not installed twice");
        await h.AssertInvariantsAsync(h.Current!);
    }

    [Test]
    public async Task AnInstallThatTimedOutThenWasRejectedDefinitivelyFailsOnlyOnceTheModuleHashShowsNothingInstalled()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 3);
        h.Ic.Faults = Plan((IcMethod.InstallCode, 1, TimedOut), (IcMethod.InstallCode, 2, Reject(RejectCode.CanisterError)));
        await h.OpenAsync();

        var attempt = await ProvisionNewAsync(h);

        Assert.That(attempt.State, Is.EqualTo("Failed"));
        Assert.That(attempt.Reason, Does.Contain("install_code: definitive reject (code 5)"));
        Assert.That(h.Ic.CallCount(IcMethod.CanisterStatus), Is.GreaterThanOrEqualTo(2), "the module hash was read before the reject was believed");
        await h.AssertInvariantsAsync(h.Current!);
    }

    [Test]
    public async Task AnInstallWhoseReplyWasLostThenRejectedAsNotEmptyIsCommitted()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        // The resend after the lost reply meets "not empty" (IC0538): the first send applied, the module hash says so.
        h.Ic.Faults = Plan((IcMethod.InstallCode, 1, Lost), (IcMethod.CanisterStatus, 1, TimedOut), (IcMethod.CanisterStatus, 2, TimedOut),
            (IcMethod.CanisterStatus, 3, TimedOut));
        await h.OpenAsync();

        var attempt = await ProvisionNewAsync(h);

        Assert.That(attempt.State, Is.EqualTo("Committed"), attempt.Reason);
        await h.AssertInvariantsAsync(h.Current!);
    }

    // ---- delete ----

    [Test]
    public async Task ADeleteWhoseReplyWasLostThenRejectedTransientlyIsProvenByNotFound()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 0);
        h.Ic.Faults = Plan((IcMethod.InstallCode, 1, Reject(RejectCode.CanisterError)), (IcMethod.DeleteCanister, 1, Lost),
            (IcMethod.DeleteCanister, 2, Reject(RejectCode.SysTransient)));
        await h.OpenAsync();

        var attempt = await ProvisionNewAsync(h);

        Assert.That(attempt.State, Is.EqualTo("Failed"));
        Assert.That(h.Ic.Canister(Principal.Parse(attempt.Pid!))!.Deleted, Is.True);
        Assert.That(h.Current!.GetPoolSummary().Total, Is.Zero);
        await h.AssertInvariantsAsync(h.Current!);
    }

    [TestCase(RejectCode.SysFatal)]
    [TestCase(RejectCode.DestinationInvalid)]
    [TestCase(RejectCode.CanisterReject)]
    [TestCase(RejectCode.CanisterError)]
    public async Task ADeleteWhoseReplyWasLostThenRejectedDefinitivelyIsSettledByStatusNotRecycled(RejectCode code)
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 0);
        h.Ic.Faults = Plan((IcMethod.InstallCode, 1, Reject(RejectCode.CanisterError)), (IcMethod.DeleteCanister, 1, Lost),
            (IcMethod.DeleteCanister, 2, Reject(code)));
        await h.OpenAsync();

        var attempt = await ProvisionNewAsync(h);

        Assert.That(attempt.State, Is.EqualTo("Failed"));
        Assert.That(h.Ic.Canister(Principal.Parse(attempt.Pid!))!.Deleted, Is.True);
        Assert.That(h.Ic.CallCount(IcMethod.CanisterStatus), Is.EqualTo(1), "the reject alone proves nothing: canister_status settles it");
        Assert.That(h.Ic.CallCount(IcMethod.UpdateSettings), Is.EqualTo(1), "only the attempt's own: never recycled and reset as if it existed");
        Assert.That(h.Current!.GetPoolSummary().Total, Is.Zero);
        await h.AssertInvariantsAsync(h.Current!);
    }

    [Test]
    public async Task ADeleteRefusedWhileTheCanisterAnswersRecyclesIt()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 0);
        h.Ic.Faults = Plan((IcMethod.InstallCode, 1, Reject(RejectCode.CanisterError)), (IcMethod.DeleteCanister, 1, Reject(RejectCode.CanisterError)));
        await h.OpenAsync();

        var attempt = await ProvisionNewAsync(h);

        Assert.That(attempt.State, Is.EqualTo("Failed"));
        Assert.That(h.Ic.Canister(Principal.Parse(attempt.Pid!))!.Deleted, Is.False);
        Assert.That(h.Current!.GetPoolEntry(attempt.Pid!)?.Status, Is.EqualTo("Ready"), "tracked through the pool");
        await h.AssertInvariantsAsync(h.Current!);
    }

    [Test]
    public async Task ADeleteThatNeverAppliedAndWhoseStatusFaultedStaysCompensatingUntilItIsDone()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 0);
        h.Ic.Faults = Plan((IcMethod.InstallCode, 1, Reject(RejectCode.CanisterError)), (IcMethod.DeleteCanister, 1, TimedOut),
            (IcMethod.DeleteCanister, 2, TimedOut), (IcMethod.DeleteCanister, 3, TimedOut),
            (IcMethod.CanisterStatus, 1, Reject(RejectCode.SysTransient)), (IcMethod.CanisterStatus, 2, TimedOut), (IcMethod.CanisterStatus, 3, TimedOut));
        var o = await h.OpenAsync();
        var id = await o.ProvisionAsync("app");
        await WaitUntilAsync(() => h.Ic.CallCount(IcMethod.CanisterStatus) >= 3);
        await WaitUntilAsync(() => o.GetAttempt(id)!.State == "Compensating" || o.GetAttempt(id)!.State == "Failed");

        var attempt = await o.WaitForAttemptAsync(id).WaitAsync(Timeout);
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);

        Assert.That(attempt.History.Select(t => t.To), Does.Contain("Compensating"));
        Assert.That(attempt.State, Is.EqualTo("Failed"));
        Assert.That(h.Ic.Canister(Principal.Parse(attempt.Pid!))!.Deleted, Is.True, "the delete was resumed, not turned into a recycle");
        Assert.That(o.GetPoolSummary().Total, Is.Zero);
        await h.AssertInvariantsAsync(o);
    }

    // ---- reset ----

    [Test]
    public async Task AResetWhoseRetriesAreSpentWaitsInPendingResetAndALaterCheckMakesItReady()
    {
        await using var h = new OrchestratorHarness(minimumSize: 1, maximumSize: 2);
        h.Ic.Faults = Plan((IcMethod.UninstallCode, 1, Reject(RejectCode.SysTransient)), (IcMethod.UninstallCode, 2, TimedOut),
            (IcMethod.UninstallCode, 3, Reject(RejectCode.SysTransient)));
        var o = await h.OpenAsync();

        await o.CheckOnceAsync().WaitAsync(Timeout);
        var entry = o.ListPoolEntries().Items.Single();
        Assert.That(entry.Status, Is.EqualTo("PendingReset"), "not parked in Failed");

        await o.RunToQuiescenceAsync().WaitAsync(Timeout);
        Assert.That(o.ListPoolEntries().Items.Single().Status, Is.EqualTo("Ready"));
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task AResetRejectedDefinitivelyIsFailedWithTheCode()
    {
        await using var h = new OrchestratorHarness(minimumSize: 1, maximumSize: 1);
        h.Ic.Faults = Plan((IcMethod.UninstallCode, 1, Reject(RejectCode.CanisterReject)));
        var o = await h.OpenAsync();

        await o.RunToQuiescenceAsync().WaitAsync(Timeout);

        var entry = o.ListPoolEntries().Items.Single();
        Assert.That(entry.Status, Is.EqualTo("Failed"));
        Assert.That(entry.Reason, Does.Contain("definitive reject (code 4)"));
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task AQueuedImportOfACanisterThatDoesNotExistIsRemovedByItsResetAndDoesNotCountAgainstTheMaximum()
    {
        await using var h = new OrchestratorHarness(minimumSize: 1, maximumSize: 1);
        var o = await h.OpenAsync();
        await o.PoolAdminAsync(new PoolAdminCommand.ImportQueued([TestCanisterIds.Unallocated(3).ToString()]));

        await o.RunToQuiescenceAsync().WaitAsync(Timeout);

        Assert.That(o.GetPoolEntry(TestCanisterIds.Unallocated(3).ToString()), Is.Null, "a row for nothing is removed");
        Assert.That(o.GetPoolSummary().Ready, Is.EqualTo(1), "and the refill fills the pool up to its minimum");
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task ACanisterCreatedWithTheIdOfAnEarlierImportIsRecordedByThatRow()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 2);
        var o = await h.OpenAsync();
        // A row imported before canister ids were checked, for the id the subnet hands out next.
        var next = NextCanisterId(h);
        var now = DateTimeOffset.UtcNow;
        o.Persistence.Commit(tx => tx.Pool.TryInsert(new PoolEntry(next, now, Cycles.Zero, PoolEntryStatus.Failed, "imported", null, null, null, null, now)));
        await o.StopAsync();
        o = await h.OpenAsync();

        var created = (PoolAdminResponse.Created)await o.PoolAdminAsync(new PoolAdminCommand.CreateEmpty()).WaitAsync(Timeout);

        Assert.That(created.Pid, Is.EqualTo(next.ToString()));
        Assert.That(o.GetPoolEntry(next.ToString())!.Status, Is.EqualTo("Ready"), "the row now tracks the created canister");
        await h.AssertInvariantsAsync(o);
    }

    // ---- import and parent validation ----

    [TestCase("aaaaa-aa", "management canister")]
    [TestCase("2vxsx-fae", "anonymous")]
    [TestCase("xkbqi-2qaaa-aaaah-qbpqq-cai", null)]
    public async Task OnlyCanisterIdsAreImportedAndNothingIsWritten(string pid, string? why)
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        var before = o.Persistence.Commits;
        var e = Assert.ThrowsAsync<OrchestratorInputException>(() => o.PoolAdminAsync(new PoolAdminCommand.ImportImmediate(pid)));
        Assert.That(e!.Field, Is.EqualTo("pid"));
        Assert.That(e.Message, Does.Contain(why ?? "does not exist"));
        Assert.That(o.Persistence.Commits, Is.EqualTo(before), "nothing written");
        Assert.That(o.GetPoolSummary().Total, Is.Zero);
        if (why is null) return; // a queued import does not ask the IC: its reset removes a row for nothing (tested above)
        var queued = Assert.ThrowsAsync<OrchestratorInputException>(() => o.PoolAdminAsync(new PoolAdminCommand.ImportQueued([pid])));
        Assert.That(queued!.Field, Is.EqualTo("pids[0]"));
        Assert.That(o.Persistence.Commits, Is.EqualTo(before), "nothing written");
    }

    [Test]
    public async Task ASelfAuthenticatingPrincipalIsNotACanister()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        var user = Principal.FromBytes([.. Enumerable.Repeat((byte)7, 28), 0x02]).ToString();
        var e = Assert.ThrowsAsync<OrchestratorInputException>(() => o.PoolAdminAsync(new PoolAdminCommand.ImportImmediate(user)));
        Assert.That(e!.Message, Does.Contain("self-authenticating"));
        var p = Assert.ThrowsAsync<OrchestratorInputException>(() => o.ProvisionAsync("app", parent: user));
        Assert.That(p!.Field, Is.EqualTo("parent"));
    }

    [TestCase("aaaaa-aa")]
    [TestCase("2vxsx-fae")]
    public async Task TheParentMustBeACanister(string parent)
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        var before = o.Persistence.Commits;
        var e = Assert.ThrowsAsync<OrchestratorInputException>(() => o.ProvisionAsync("app", parent: parent));
        Assert.That(e!.Field, Is.EqualTo("parent"));
        Assert.That(o.Persistence.Commits, Is.EqualTo(before));
        Assert.That(o.ListAttempts().Total, Is.Zero);
    }

    [Test]
    public async Task AnImportWhoseStatusCannotBeReadIsRefusedForNowAndWritesNothing()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var canister = h.Ic.ManagementCanisterFor(OrchestratorHarness.Self);
        var pid = (await canister.ProvisionalCreateCanisterWithCyclesAsync(new ProvisionalCreateCanisterWithCyclesArgs(Cycles.Parse("2T"),
            new CanisterSettings { Controllers = [OrchestratorHarness.Self] }))).CanisterId;
        h.Ic.Faults = Plan((IcMethod.CanisterStatus, 1, TimedOut), (IcMethod.CanisterStatus, 2, Reject(RejectCode.SysTransient)),
            (IcMethod.CanisterStatus, 3, TimedOut));
        var o = await h.OpenAsync();

        var e = Assert.ThrowsAsync<OrchestratorRetryLaterException>(() => o.PoolAdminAsync(new PoolAdminCommand.ImportImmediate(pid.ToString())));
        Assert.That(e!.Message, Does.Contain("retry budget spent"));
        Assert.That(o.GetPoolSummary().Total, Is.Zero);

        await o.PoolAdminAsync(new PoolAdminCommand.ImportImmediate(pid.ToString())).WaitAsync(Timeout);
        Assert.That(o.GetPoolEntry(pid.ToString())!.Status, Is.EqualTo("Ready"));
    }

    private static Principal NextCanisterId(OrchestratorHarness h)
    {
        var bytes = new byte[10];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, h.Ic.Options.CanisterIdRangeStart + (ulong)h.Ic.Snapshot().Canisters.Count);
        bytes[8] = 0x01;
        bytes[9] = 0x01;
        return Principal.FromBytes(bytes);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met");
            await Task.Delay(10);
        }
    }
}
