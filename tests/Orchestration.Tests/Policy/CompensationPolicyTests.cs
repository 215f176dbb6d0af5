using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Policy;

namespace Canic.Fsm.Orchestration.Tests.Policy;

public class CompensationPolicyTests
{
    [TestCase(0, 5)]
    [TestCase(9, 5)]
    public void A_pool_canister_is_always_recycled(int pooledOthers, int maximum)
    {
        var plan = CompensationPolicy.AfterFailedInstall(AllocationSource.Pool, pooledOthers, maximum);
        Assert.That(plan.Action, Is.EqualTo(CompensationAction.Recycle));
    }

    [Test]
    public void A_new_canister_is_recycled_while_the_pool_has_room()
    {
        var plan = CompensationPolicy.AfterFailedInstall(AllocationSource.New, 4, 5);
        Assert.That(plan.Action, Is.EqualTo(CompensationAction.Recycle));
        Assert.That(plan.Reason, Does.Contain("4 pooled").And.Contain("maximum_size 5"));
    }

    [TestCase(5, 5)]
    [TestCase(6, 5)]
    [TestCase(0, 0)]
    public void A_new_canister_is_deleted_only_when_keeping_it_would_exceed_maximum(int pooledOthers, int maximum)
    {
        var plan = CompensationPolicy.AfterFailedInstall(AllocationSource.New, pooledOthers, maximum);
        Assert.That(plan.Action, Is.EqualTo(CompensationAction.Delete));
        Assert.That(plan.Reason, Does.Contain("over maximum_size"));
    }

    [Test]
    public void Negative_inputs_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CompensationPolicy.AfterFailedInstall(AllocationSource.New, -1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => CompensationPolicy.AfterFailedInstall(AllocationSource.New, 1, -5));
    }
}
