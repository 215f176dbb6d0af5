using Canic.Fsm.Tests.Shared;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

/// <summary>
/// For every await point of a scenario, abandon the orchestrator there (no graceful stop; the
/// simulated IC keeps its state), open a new one on the same database and IC, run it to quiescence,
/// and check the money invariants.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class CrashPointTests
{
    public enum Scenario { PoolRefill, ProvisionalRefill, ProvisionFromPool, ProvisionNewCanister, ProvisionNewCanisterDeleted }

    private static bool IsRefill(Scenario scenario) => scenario is Scenario.PoolRefill or Scenario.ProvisionalRefill;

    private static async Task RunAsync(Orchestration.Orchestrator o, Scenario scenario)
    {
        await o.RunToQuiescenceAsync();
        if (IsRefill(scenario)) return;
        var id = await o.ProvisionAsync("app");
        await o.WaitForAttemptAsync(id);
    }

    private static OrchestratorHarness NewHarness(Scenario scenario)
    {
        switch (scenario)
        {
            case Scenario.ProvisionNewCanister:
                return new OrchestratorHarness(minimumSize: 0, maximumSize: 4);
            case Scenario.ProvisionNewCanisterDeleted:
                // maximum_size 0: the new canister of the failed install cannot join the pool, so compensation deletes it.
                var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 0);
                h.Ic.Faults = FaultPlan.None.On(IcMethod.InstallCode, 1, new Fault.Reject(RejectCode.CanisterError));
                return h;
            case Scenario.ProvisionalRefill:
                return new OrchestratorHarness(minimumSize: 2, maximumSize: 4, creation: CreationMethod.Provisional);
            default:
                return new OrchestratorHarness(minimumSize: 2, maximumSize: 4);
        }
    }

    private static async Task<int> CountPointsAsync(Scenario scenario)
    {
        await using var h = NewHarness(scenario);
        var crash = new CrashSwitch(int.MaxValue);
        var o = await h.OpenAsync(crash, crash.Wrap(h.Ic.ManagementCanisterFor(OrchestratorHarness.Self)), crash.Wrap(h.Ic.CyclesLedgerFor(OrchestratorHarness.Self)));
        await RunAsync(o, scenario);
        return crash.Points;
    }

    [Test]
    public async Task EveryCrashPointRecovers([Values] Scenario scenario)
    {
        var points = await CountPointsAsync(scenario);
        Assert.That(points, Is.GreaterThan(5));
        for (var n = 1; n <= points; n++)
        {
            await using var h = NewHarness(scenario);
            var crash = new CrashSwitch(n);
            Orchestration.Orchestrator? first = null;
            try
            {
                // A crash while opening leaves no instance (the open closes what it had opened).
                first = await h.OpenAsync(crash, crash.Wrap(h.Ic.ManagementCanisterFor(OrchestratorHarness.Self)), crash.Wrap(h.Ic.CyclesLedgerFor(OrchestratorHarness.Self)));
                await Task.WhenAny(RunAsync(first, scenario), crash.Trip).WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (Exception) when (crash.Tripped) { }
            catch (TimeoutException) { }
            Assert.That(crash.Tripped, Is.True, $"crash point {n}/{points} was not reached");
            // Abandoned with no graceful stop: its connections close as the process's would, and every later port
            // call or commit of the poisoned instance throws. A new orchestrator opens the same database.
            first?.Store.Dispose();
            var second = await h.OpenAsync();
            await second.RunToQuiescenceAsync().WaitAsync(TimeSpan.FromSeconds(20));
            await h.AssertInvariantsAsync(second);
            // Only now end the abandoned instance's machines and tasks (it can write nothing), so none leaks past the test.
            if (first is not null) await first.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
            if (scenario == Scenario.ProvisionNewCanisterDeleted)
                Assert.That(h.Ic.Snapshot().Canisters.Where(c => !c.Deleted), Is.Empty, $"crash point {n}: the failed attempt's canister is deleted");
            if (IsRefill(scenario))
                Assert.That(second.GetPoolSummary().Ready + second.ListCreations("Blocked").Total, Is.GreaterThanOrEqualTo(2), $"crash point {n}");
        }
        TestContext.Out.WriteLine($"{scenario}: {points} crash points covered");
    }
}
