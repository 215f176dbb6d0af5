using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Orchestration.Policy;

namespace Canic.Fsm.Orchestration.Tests.Policy;

public class ScalingPolicyTests
{
    private static ScalingSettings Scaling(int min = 1, int max = 32) =>
        new(new Dictionary<string, ScalingPoolSettings> { ["workers"] = new("workers", "worker", 1, min, max) });

    [Test]
    public void No_scaling_config_is_ScalingDisabled()
    {
        var error = Assert.Throws<ScalingPolicyException>(() => ScalingPolicy.PlanCreateWorker("workers", 0, null));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Error, Is.EqualTo(ScalingPolicyError.ScalingDisabled));
            Assert.That(error.Message, Does.Contain("'workers'"));
        });
    }

    [Test]
    public void Unknown_pool_is_PoolNotFound_naming_the_configured_pools()
    {
        var error = Assert.Throws<ScalingPolicyException>(() => ScalingPolicy.PlanCreateWorker("nope", 0, Scaling()));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Error, Is.EqualTo(ScalingPolicyError.PoolNotFound));
            Assert.That(error.Pool, Is.EqualTo("nope"));
            Assert.That(error.Message, Does.Contain("'nope'").And.Contain("workers"));
        });
    }

    [Test]
    public void Below_min_spawns_one_worker_of_the_pool_role()
    {
        var plan = ScalingPolicy.PlanCreateWorker("workers", 1, Scaling(min: 2));
        Assert.Multiple(() =>
        {
            Assert.That(plan.ShouldSpawn, Is.True);
            Assert.That(plan.Reason, Is.EqualTo(ScalingReason.BelowMinWorkers));
            Assert.That(plan.WorkerEntry, Is.EqualTo(new WorkerEntryPlan("workers", "worker")));
        });
    }

    [TestCase(4, 4)]
    [TestCase(4, 5)]
    public void At_or_above_max_refuses_with_AtMaxWorkers(int max, int count)
    {
        var plan = ScalingPolicy.PlanCreateWorker("workers", count, Scaling(min: 1, max: max));
        Assert.Multiple(() =>
        {
            Assert.That(plan.ShouldSpawn, Is.False);
            Assert.That(plan.Reason, Is.EqualTo(ScalingReason.AtMaxWorkers));
            Assert.That(plan.WorkerEntry, Is.Null);
        });
    }

    [Test]
    public void Max_wins_over_min_when_both_apply()
    {
        var plan = ScalingPolicy.PlanCreateWorker("workers", 2, Scaling(min: 5, max: 2));
        Assert.That(plan.Reason, Is.EqualTo(ScalingReason.AtMaxWorkers));
        Assert.That(plan.ShouldSpawn, Is.False);
    }

    [TestCase(1, 1, 32)]
    [TestCase(31, 1, 32)]
    [TestCase(1000, 1, 0)]
    public void Between_min_and_max_refuses_with_WithinBounds(int count, int min, int max)
    {
        var plan = ScalingPolicy.PlanCreateWorker("workers", count, Scaling(min, max));
        Assert.That(plan.ShouldSpawn, Is.False);
        Assert.That(plan.Reason, Is.EqualTo(ScalingReason.WithinBounds));
    }

    [Test]
    public void Max_zero_is_unlimited_and_said_so()
    {
        var plan = ScalingPolicy.PlanCreateWorker("workers", 10_000, Scaling(min: 1, max: 0));
        Assert.That(plan.Reason, Is.EqualTo(ScalingReason.WithinBounds));
        Assert.That(plan.Message, Does.Contain("unlimited"));
    }

    [Test]
    public void Negative_count_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ScalingPolicy.PlanCreateWorker("workers", -1, Scaling()));

    [TestCase(3, 1, 32, 0, 3, TestName = "Bootstrap spawns up to initial_workers")]
    [TestCase(3, 1, 32, 2, 1, TestName = "Bootstrap counts existing and creating workers")]
    [TestCase(1, 2, 32, 0, 2, TestName = "Bootstrap target is min_workers when above initial_workers")]
    [TestCase(5, 1, 2, 0, 2, TestName = "Bootstrap never goes above max_workers")]
    [TestCase(5, 1, 0, 0, 5, TestName = "Bootstrap with max 0 is unlimited")]
    [TestCase(2, 1, 32, 4, 0, TestName = "Bootstrap does nothing when the target is satisfied")]
    public void Bootstrap_spawns_the_missing_workers(int initial, int min, int max, int count, int expected)
    {
        var scaling = new ScalingSettings(new Dictionary<string, ScalingPoolSettings> { ["workers"] = new("workers", "worker", initial, min, max) });
        Assert.That(ScalingPolicy.PlanBootstrap("workers", count, scaling), Is.EqualTo(expected));
    }

    [Test]
    public void Bootstrap_of_an_unknown_pool_is_PoolNotFound() =>
        Assert.That(Assert.Throws<ScalingPolicyException>(() => ScalingPolicy.PlanBootstrap("nope", 0, Scaling()))!.Error,
            Is.EqualTo(ScalingPolicyError.PoolNotFound));
}
