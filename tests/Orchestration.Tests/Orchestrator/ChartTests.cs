namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

public class ChartTests
{
    [Test]
    public async Task ChartsExportEveryMachineWithItsStates()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        var charts = o.GetCharts();
        Assert.That(charts.Select(c => c.Machine), Is.EqualTo(new[] { "pool-canister", "provisioning-attempt" }));
        Assert.That(charts[0].Mermaid, Does.Contain("ReadyState --> ClaimedState").And.Contain("ClaimedState --> WorkloadState")
            .And.Contain("WorkloadState --> RecyclingState").And.Contain("ResettingState --> PoolFailedState"));
        Assert.That(charts[1].Mermaid, Does.Contain("Installing").And.Contain("Compensating"));
        foreach (var c in charts) TestContext.Out.WriteLine(c.Mermaid);
    }
}
