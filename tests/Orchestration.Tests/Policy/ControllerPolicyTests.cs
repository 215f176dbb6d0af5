using Canic.Fsm.Orchestration.Policy;
using static Canic.Fsm.Orchestration.Tests.Policy.TestPrincipals;

namespace Canic.Fsm.Orchestration.Tests.Policy;

public class ControllerPolicyTests
{
    [Test]
    public void Configured_then_orchestrator_then_parent_in_order()
    {
        var merged = ControllerPolicy.Merge([P(3), P(1)], P(9), P(7));
        Assert.That(merged, Is.EqualTo(new[] { P(3), P(1), P(9), P(7) }));
    }

    [Test]
    public void Duplicates_keep_their_first_position()
    {
        var merged = ControllerPolicy.Merge([P(1), P(9), P(1), P(2)], P(9), P(2));
        Assert.That(merged, Is.EqualTo(new[] { P(1), P(9), P(2) }));
    }

    [Test]
    public void No_configured_controllers_leaves_the_orchestrator()
    {
        Assert.That(ControllerPolicy.Merge([], P(9)), Is.EqualTo(new[] { P(9) }));
    }

    [Test]
    public void Ten_distinct_controllers_are_accepted()
    {
        var configured = Enumerable.Range(1, 9).Select(i => P((byte)i)).ToList();
        Assert.That(ControllerPolicy.Merge(configured, P(1), P(10)), Has.Count.EqualTo(10));
    }

    [Test]
    public void Eleven_distinct_controllers_are_refused_with_the_list()
    {
        var configured = Enumerable.Range(1, 9).Select(i => P((byte)i)).ToList();
        var error = Assert.Throws<TooManyControllersException>(() => ControllerPolicy.Merge(configured, P(10), P(11)));
        Assert.That(error!.Controllers, Has.Count.EqualTo(11));
        Assert.That(error.Message, Does.Contain("11 distinct controllers").And.Contain("limit of 10").And.Contain(P(11).ToString()));
    }
}
