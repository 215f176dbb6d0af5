using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Policy;

namespace Canic.Fsm.Orchestration.Tests.Policy;

public class ScaleOutPolicyTests
{
    private const ulong Capacity = 2_000_000_000; // the example's 2 GB datastore

    private static ScalingSettings Scaling(ulong? capacity = Capacity, int max = 32, double at = 0.8) =>
        new(new Dictionary<string, ScalingPoolSettings> { ["notes"] = new("notes", "datastore", 1, 1, max, capacity, at) });

    private static ScaleOutPlan Plan(int count, int inCreation, ulong? memory, ScalingSettings? scaling = null) =>
        ScalingPolicy.PlanScaleOut("notes", new ScaleOutObservation(count, inCreation, memory), scaling ?? Scaling());

    [Test]
    public void Current_worker_at_the_scale_out_point_spawns_the_next()
    {
        var plan = Plan(1, 0, 1_600_000_000);
        Assert.Multiple(() =>
        {
            Assert.That(plan.ShouldSpawn, Is.True);
            Assert.That(plan.Reason, Is.EqualTo(ScaleOutReason.CapacityReached));
            Assert.That(plan.WorkerEntry, Is.EqualTo(new WorkerEntryPlan("notes", "datastore")));
            Assert.That(Canic.Fsm.Orchestration.Scaling.ScalingMetricReasons.Of(plan.Reason), Is.EqualTo(ScalingMetricReason.Ok));
            Assert.That(plan.Message, Does.Contain("1600000000").And.Contain("80%"));
        });
    }

    [Test]
    public void One_byte_below_the_scale_out_point_holds()
    {
        var plan = Plan(1, 0, 1_599_999_999);
        Assert.That(plan.ShouldSpawn, Is.False);
        Assert.That(plan.Reason, Is.EqualTo(ScaleOutReason.BelowThreshold));
        Assert.That(Canic.Fsm.Orchestration.Scaling.ScalingMetricReasons.Of(plan.Reason), Is.EqualTo(ScalingMetricReason.TargetSatisfied));
    }

    [Test]
    public void No_current_worker_spawns_the_first()
    {
        var plan = Plan(0, 0, null);
        Assert.That(plan.ShouldSpawn, Is.True);
        Assert.That(plan.Reason, Is.EqualTo(ScaleOutReason.NoCurrentWorker));
        Assert.That(Canic.Fsm.Orchestration.Scaling.ScalingMetricReasons.Of(plan.Reason), Is.EqualTo(ScalingMetricReason.NoInitialWorkers));
    }

    [Test]
    public void A_worker_in_creation_holds_even_when_the_current_one_is_full()
    {
        var plan = Plan(2, 1, Capacity);
        Assert.That(plan.ShouldSpawn, Is.False);
        Assert.That(plan.Reason, Is.EqualTo(ScaleOutReason.CreationInProgress));
    }

    [Test]
    public void Max_workers_caps_capacity_scale_out()
    {
        var plan = Plan(3, 0, Capacity, Scaling(max: 3));
        Assert.That(plan.ShouldSpawn, Is.False);
        Assert.That(plan.Reason, Is.EqualTo(ScaleOutReason.AtMaxWorkers));
        Assert.That(Canic.Fsm.Orchestration.Scaling.ScalingMetricReasons.Of(plan.Reason), Is.EqualTo(ScalingMetricReason.AtMaxWorkers));
    }

    [Test]
    public void Max_zero_never_caps()
    {
        var plan = Plan(500, 0, Capacity, Scaling(max: 0));
        Assert.That(plan.ShouldSpawn, Is.True);
    }

    [Test]
    public void A_pool_without_capacity_holds()
    {
        var plan = Plan(1, 0, Capacity, Scaling(capacity: null));
        Assert.That(plan.ShouldSpawn, Is.False);
        Assert.That(plan.Reason, Is.EqualTo(ScaleOutReason.CapacityNotConfigured));
        Assert.That(Canic.Fsm.Orchestration.Scaling.ScalingMetricReasons.Of(plan.Reason), Is.EqualTo(ScalingMetricReason.PolicyDenied));
    }

    [Test]
    public void Disabled_and_unknown_pools_are_errors()
    {
        Assert.That(() => ScalingPolicy.PlanScaleOut("notes", new(1, 0, 0), null),
            Throws.TypeOf<ScalingPolicyException>().With.Property(nameof(ScalingPolicyException.Error)).EqualTo(ScalingPolicyError.ScalingDisabled));
        Assert.That(() => ScalingPolicy.PlanScaleOut("other", new(1, 0, 0), Scaling()),
            Throws.TypeOf<ScalingPolicyException>().With.Property(nameof(ScalingPolicyException.Error)).EqualTo(ScalingPolicyError.PoolNotFound));
    }

    [Test]
    public void Inconsistent_observations_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Plan(-1, 0, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => Plan(1, -1, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => Plan(1, 2, null));
    }

    [TestCase(10UL, 0.8, 8UL)]
    [TestCase(10UL, 0.85, 9UL)] // rounds up: never spawn before the fraction is reached
    [TestCase(10UL, 1.0, 10UL)]
    [TestCase(ulong.MaxValue, 1.0, ulong.MaxValue)]
    public void Threshold_is_the_ceiling_of_capacity_times_fraction(ulong capacity, double fraction, ulong expected) =>
        Assert.That(ScalingPolicy.ScaleOutThreshold(capacity, fraction), Is.EqualTo(expected));

    [TestCase(0.0)]
    [TestCase(-0.1)]
    [TestCase(1.01)]
    [TestCase(double.NaN)]
    public void Threshold_rejects_a_fraction_outside_0_1(double fraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ScalingPolicy.ScaleOutThreshold(10, fraction));

    [Test]
    public void Threshold_rejects_zero_capacity() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ScalingPolicy.ScaleOutThreshold(0, 0.8));
}
