using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Ic;
using Canic.Fsm.Orchestration.Ic.Simulated;

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
        Assert.That(o.Context.Store.Read(r => r.Registry.Get(pid)), Is.Null, "no registry row for a deleted canister");
    }

    [Test]
    public async Task ATransientRejectOfTheStatusAfterAnUnknownDeleteKeepsTheCanisterTracked()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 0);
        // The delete never reached the canister, and the status that checks it is rejected for a transient reason:
        // the canister still exists and must stay in the pool.
        h.Ic.Faults = FaultPlan.None.On(IcMethod.InstallCode, 1, new Fault.Reject(RejectCode.CanisterError))
            .On(IcMethod.DeleteCanister, 1, new Fault.TimedOutBeforeApplied())
            .On(IcMethod.CanisterStatus, 1, new Fault.Reject(RejectCode.SysTransient));
        var o = await h.OpenAsync();

        var attempt = await o.WaitForAttemptAsync(await o.ProvisionAsync("app")).WaitAsync(Timeout);

        var pid = Principal.Parse(attempt.Pid!);
        Assert.That(h.Ic.Canister(pid)!.Deleted, Is.False);
        Assert.That(o.GetPoolEntry(pid.ToString()), Is.Not.Null, "a canister that still exists keeps its pool row");
        await h.AssertInvariantsAsync(o);
    }
}
