using Canic.Fsm.Tests.Shared;
using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

[Parallelizable(ParallelScope.All)]
public class BadInputTests
{
    private static async Task AssertNothingWritten(OrchestratorHarness h, Orchestration.Orchestrator o, long commitsBefore)
    {
        Assert.That(o.Persistence.Commits, Is.EqualTo(commitsBefore), "no unit of work committed");
        Assert.That(o.ListAttempts().Total, Is.Zero);
        Assert.That(o.ListReservations().Total, Is.Zero);
        Assert.That(h.Ic.Snapshot().Canisters, Is.Empty);
        await Task.CompletedTask;
    }

    [Test]
    public async Task UnknownRoleIsRefusedByName()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        var before = o.Persistence.Commits;
        var e = Assert.ThrowsAsync<OrchestratorInputException>(() => o.ProvisionAsync("ghost"));
        Assert.That(e!.Field, Is.EqualTo("role"));
        Assert.That(e.Message, Does.Contain("'ghost'").And.Contain("app"));
        await AssertNothingWritten(h, o, before);
    }

    [Test]
    public async Task UnknownScalingPoolIsRefusedByName()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        var before = o.Persistence.Commits;
        var e = Assert.ThrowsAsync<OrchestratorInputException>(() => o.CreateWorkerAsync("nope"));
        Assert.That(e!.Field, Is.EqualTo("pool"));
        Assert.That(e.Message, Does.Contain("'nope'"));
        await AssertNothingWritten(h, o, before);
    }

    [TestCase("not-a-principal")]
    [TestCase("aaaaa-ab")]
    [TestCase("")]
    public async Task InvalidPrincipalInAnAdminCommandIsRefusedByField(string bad)
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        var before = o.Persistence.Commits;
        var e = Assert.ThrowsAsync<OrchestratorInputException>(() => o.PoolAdminAsync(new PoolAdminCommand.ImportQueued([TestCanisterIds.Unallocated(1).ToString(), bad])));
        Assert.That(e!.Field, Is.EqualTo("pids[1]"));
        Assert.That(e.Message, Does.Contain($"'{bad}'"));
        Assert.That(o.GetPoolSummary().Total, Is.Zero);
        await AssertNothingWritten(h, o, before);
    }

    [Test]
    public async Task BudgetTooSmallIsRefusedAndNothingIsWritten()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, budget: Cycles.Parse("500B"));
        var o = await h.OpenAsync();
        var before = o.Persistence.Commits;
        var e = Assert.ThrowsAsync<OrchestratorInputException>(() => o.ProvisionAsync("app"));
        Assert.That(e!.Message, Does.Contain("budget of role 'app'"));
        await AssertNothingWritten(h, o, before);
        Assert.That(o.ListBudgets().Single(b => b.Id == "app").Free, Is.EqualTo("500B"));
    }

    [Test]
    public async Task RecycleOfAnUnregisteredCanisterIsRefused()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        var e = Assert.ThrowsAsync<OrchestratorInputException>(() => o.PoolAdminAsync(new PoolAdminCommand.Recycle(TestCanisterIds.Unallocated(2).ToString())));
        Assert.That(e!.Message, Does.Contain("not a registered"));
    }
}
