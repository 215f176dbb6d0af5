using Canic.Fsm.Tests.Shared;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

/// <summary>
/// Every IC call of the refill + provisioning workflows rejected in turn, and made "applied but reply
/// lost" in turn: each run ends with the money invariants holding.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class FaultTests
{
    private static readonly IcMethod[] Methods =
        [IcMethod.CreateCanister, IcMethod.UpdateSettings, IcMethod.UninstallCode, IcMethod.CanisterStatus, IcMethod.InstallCode];

    private static async Task ScenarioAsync(Orchestration.Orchestrator o, bool fromPool)
    {
        if (fromPool) await o.RunToQuiescenceAsync();
        await o.WaitForAttemptAsync(await o.ProvisionAsync("app"));
        await o.RunToQuiescenceAsync();
    }

    [Test]
    public async Task EveryCallFaultedInTurnKeepsTheInvariants([Values] bool fromPool, [Values] bool replyLost)
    {
        Dictionary<IcMethod, long> calls;
        await using (var clean = new OrchestratorHarness(minimumSize: fromPool ? 1 : 0, maximumSize: 3))
        {
            await ScenarioAsync(await clean.OpenAsync(), fromPool);
            calls = Methods.ToDictionary(m => m, m => clean.Ic.CallCount(m));
        }
        var runs = 0;
        foreach (var (method, count) in calls)
            for (var n = 1; n <= count; n++)
            {
                await using var h = new OrchestratorHarness(minimumSize: fromPool ? 1 : 0, maximumSize: 3);
                Fault fault = replyLost ? new Fault.AppliedButReplyLost() : new Fault.Reject(RejectCode.SysTransient);
                h.Ic.Faults = FaultPlan.None.On(method, n, fault);
                var o = await h.OpenAsync();
                await ScenarioAsync(o, fromPool).WaitAsync(TimeSpan.FromSeconds(20));
                await h.AssertInvariantsAsync(o);
                runs++;
            }
        Assert.That(runs, Is.GreaterThanOrEqualTo(3));
        TestContext.Out.WriteLine($"fromPool={fromPool} replyLost={replyLost}: {runs} faulted runs");
    }
}
