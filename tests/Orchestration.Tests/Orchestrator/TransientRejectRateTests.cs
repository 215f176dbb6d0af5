using Canic.Fsm.Tests.Shared;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

/// <summary>
/// The measurement behind "transient rejects are normal weather": with 5 % of every IC call rejected with SYS_TRANSIENT
/// (before the retry policy, about 15 % of attempts failed), under 1 % of attempts fail, and each failure names its cause
/// (a definitive reject or a spent retry budget). The default policy's 6 sends, without its delays (the clock is not the point).
/// </summary>
[Parallelizable(ParallelScope.All)]
public class TransientRejectRateTests
{
    [TestCase(7)]
    [TestCase(8)]
    public async Task FivePercentTransientRejectsFailUnderOnePercentOfAttempts(int seed)
    {
        const int attempts = 200;
        await using var h = new OrchestratorHarness(minimumSize: 2, maximumSize: 10, budget: Cycles.Parse("500T"), maxAttempts: 6);
        h.Ic.Faults = FaultPlan.Random(seed, new RandomFaultProfile { Reject = 0.05, RejectCodes = [RejectCode.SysTransient] });
        var o = await h.OpenAsync();
        await o.RunToQuiescenceAsync();

        var views = new List<Canic.Fsm.Orchestration.Api.AttemptView>();
        for (var batch = 0; batch < attempts / 20; batch++)
        {
            var ids = new List<long>();
            for (var i = 0; i < 20; i++) ids.Add(await o.ProvisionAsync("app"));
            foreach (var id in ids) views.Add(await o.WaitForAttemptAsync(id).WaitAsync(TimeSpan.FromSeconds(60)));
            o.TriggerPoolCheck();
        }
        await o.RunToQuiescenceAsync();

        var failed = views.Where(v => v.State != "Committed").ToList();
        var share = (double)failed.Count / attempts;
        TestContext.Out.WriteLine($"seed {seed}: {failed.Count} of {attempts} attempts not committed ({share:P2}); " +
            $"{h.Ic.CallLog().Count} calls logged; reasons: {string.Join(" | ", failed.Select(f => $"{f.State}: {f.Reason}"))}");
        Assert.That(share, Is.LessThan(0.01));
        Assert.That(failed.Select(f => f.Reason), Has.All.Contains("definitive reject").Or.Contains("retry budget spent"));
        await h.AssertInvariantsAsync(o);
    }
}
