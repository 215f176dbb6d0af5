using Canic.Fsm.Tests.Shared;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

/// <summary>The development-network creation path and the delete path of compensation.</summary>
[Parallelizable(ParallelScope.All)]
public class CreationPathTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Test]
    public async Task OnADevelopmentNetworkTheRefillCreatesThroughProvisionalCreate()
    {
        await using var h = new OrchestratorHarness(minimumSize: 2, maximumSize: 4, creation: CreationMethod.Provisional);
        var o = await h.OpenAsync();
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);

        Assert.That(o.GetPoolSummary().Ready, Is.EqualTo(2));
        Assert.That(h.Ic.CallCount(IcMethod.ProvisionalCreateCanisterWithCycles), Is.EqualTo(2));
        Assert.That(h.Ic.CallCount(IcMethod.CreateCanister), Is.Zero);
        Assert.That(o.ListCreations("Created").Items.Select(c => c.Path), Is.EqualTo(new[] { "provisional", "provisional" }));
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task ALostProvisionalCreateIsBlockedAndCountsAgainstMaximumSize()
    {
        await using var h = new OrchestratorHarness(minimumSize: 2, maximumSize: 2, creation: CreationMethod.Provisional);
        h.Ic.Faults = FaultPlan.None.On(IcMethod.ProvisionalCreateCanisterWithCycles, 1, new Fault.AppliedButReplyLost());
        var o = await h.OpenAsync();
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);

        var blocked = o.ListCreations("Blocked").Items.Single();
        Assert.That(blocked.Reason, Does.Contain("not deduplicable"));
        // The lost canister exists (id unknown): with it the pool is at maximum_size, so only one more is created.
        Assert.That(h.Ic.Snapshot().Canisters.Count(c => !c.Deleted), Is.EqualTo(2));
        Assert.That(o.GetPoolSummary().Total, Is.EqualTo(1));
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task AFailedInstallOfANewCanisterDeletesItWhenThePoolIsAtMaximumSize()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 0);
        h.Ic.Faults = FaultPlan.None.On(IcMethod.InstallCode, 1, new Fault.Reject(RejectCode.CanisterError));
        var o = await h.OpenAsync();

        var attempt = await o.WaitForAttemptAsync(await o.ProvisionAsync("app")).WaitAsync(Timeout);

        Assert.That(attempt.State, Is.EqualTo("Failed"));
        Assert.That(attempt.History.Select(t => t.To), Does.Contain("Compensating"), "the delete's intent is persisted first");
        Assert.That(h.Ic.Canister(Principal.Parse(attempt.Pid!))!.Deleted, Is.True);
        Assert.That(o.GetPoolSummary().Total, Is.Zero, "the row goes with its canister");
        Assert.That(o.PoolMachines.Count, Is.Zero, "and so does its machine");
        var budget = o.ListBudgets().Single(b => b.Id == "app");
        Assert.That(budget.Free, Is.EqualTo(budget.Total), "the reservation is released");
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task ADeleteWhoseReplyIsLostIsResentAndItsNotFoundProvesTheCanisterGone()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 0);
        h.Ic.Faults = FaultPlan.None.On(IcMethod.InstallCode, 1, new Fault.Reject(RejectCode.CanisterError))
            .On(IcMethod.DeleteCanister, 1, new Fault.AppliedButReplyLost());
        var o = await h.OpenAsync();

        var attempt = await o.WaitForAttemptAsync(await o.ProvisionAsync("app")).WaitAsync(Timeout);

        Assert.That(attempt.State, Is.EqualTo("Failed"));
        Assert.That(h.Ic.CallCount(IcMethod.DeleteCanister), Is.EqualTo(2), "the resend answers not found: the first one applied");
        Assert.That(h.Ic.Canister(Principal.Parse(attempt.Pid!))!.Deleted, Is.True);
        Assert.That(o.GetPoolSummary().Total, Is.Zero);
        await h.AssertInvariantsAsync(o);
    }
}
