using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Policy;

namespace Canic.Fsm.Orchestration.Tests.Policy;

public class ResetOutcomeTests
{
    private static readonly Cycles Configured = Cycles.Parse("500B");

    [TestCase("500B")]
    [TestCase("5T")]
    public void At_or_above_the_configured_amount_is_ready_with_the_observed_cycles(string observed)
    {
        var outcome = ResetOutcome.Evaluate(Cycles.Parse(observed), Configured);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.IsReady, Is.True);
            Assert.That(outcome.Cycles, Is.EqualTo(Cycles.Parse(observed)));
            Assert.That(outcome.FailureReason, Is.Null);
        });
    }

    [Test]
    public void One_cycle_below_is_failed_with_both_amounts()
    {
        var observed = new Cycles(499_999_999_999);
        var outcome = ResetOutcome.Evaluate(observed, Configured);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.IsReady, Is.False);
            Assert.That(outcome.Cycles, Is.EqualTo(observed));
            Assert.That(outcome.FailureReason, Does.StartWith("below ")
                .And.Contain("499999999999").And.Contain("500B").And.Contain("500000000000"));
        });
    }
}
