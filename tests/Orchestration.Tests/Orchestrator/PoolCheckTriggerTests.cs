using Canic.Fsm.Tests.Shared;
namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

public class PoolCheckTriggerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Test]
    public async Task ManyTriggersCoalesceIntoAtMostOneWaitingPass()
    {
        await using var h = new OrchestratorHarness(minimumSize: 2);
        var o = await h.OpenAsync();
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);
        var before = o.PoolCheckPasses;

        for (var i = 0; i < 1_000; i++) o.TriggerPoolCheck();
        await o.WhenBackgroundIdleAsync().WaitAsync(Timeout);

        Assert.That(o.PoolCheckPasses - before, Is.InRange(1, 2), "one pass runs, at most one more waits behind it");
    }

    [Test]
    public async Task ATriggerAfterAPassHasStartedStillGetsAPass()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        o.TriggerPoolCheck();
        await o.WhenBackgroundIdleAsync().WaitAsync(Timeout);
        var before = o.PoolCheckPasses;

        o.TriggerPoolCheck();
        await o.WhenBackgroundIdleAsync().WaitAsync(Timeout);

        Assert.That(o.PoolCheckPasses - before, Is.EqualTo(1));
    }
}
