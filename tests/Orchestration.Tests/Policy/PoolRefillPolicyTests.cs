using Canic.Fsm.Orchestration.Policy;

namespace Canic.Fsm.Orchestration.Tests.Policy;

public class PoolRefillPolicyTests
{
    private static RefillPlan Plan(int ready, int pooled, int pending, int min, int max) =>
        PoolRefillPolicy.PlanRefill(new PoolObservation(ready, pooled, pending), min, max);

    [Test]
    public void Enough_ready_creates_nothing()
    {
        var plan = Plan(ready: 5, pooled: 5, pending: 0, min: 5, max: 10);
        Assert.That(plan.ToCreate, Is.Zero);
        Assert.That(plan.Reason, Is.EqualTo(RefillReason.Satisfied));
    }

    [Test]
    public void Missing_canisters_are_created()
    {
        var plan = Plan(ready: 2, pooled: 3, pending: 0, min: 5, max: 10);
        Assert.That(plan.ToCreate, Is.EqualTo(3));
        Assert.That(plan.Missing, Is.EqualTo(3));
        Assert.That(plan.Reason, Is.EqualTo(RefillReason.Refill));
        Assert.That(plan.Message, Does.Contain("2/5 ready"));
    }

    [Test]
    public void Pending_creations_count_as_future_ready()
    {
        var plan = Plan(ready: 2, pooled: 2, pending: 3, min: 5, max: 10);
        Assert.That(plan.ToCreate, Is.Zero);
        Assert.That(plan.Reason, Is.EqualTo(RefillReason.Satisfied));
    }

    [Test]
    public void At_most_ten_per_check()
    {
        var plan = Plan(ready: 0, pooled: 0, pending: 0, min: 25, max: 100);
        Assert.That(plan.ToCreate, Is.EqualTo(PoolRefillPolicy.MaxCreationsPerCheck));
        Assert.That(plan.Missing, Is.EqualTo(25));
        Assert.That(plan.Reason, Is.EqualTo(RefillReason.CappedPerCheck));
    }

    [Test]
    public void Pooled_plus_pending_never_exceed_maximum()
    {
        // 2 Ready, 6 other rows (PendingReset, Failed, in use) and 1 pending creation: 9 of 10 taken.
        var plan = Plan(ready: 2, pooled: 8, pending: 1, min: 5, max: 10);
        Assert.That(plan.ToCreate, Is.EqualTo(1));
        Assert.That(plan.Reason, Is.EqualTo(RefillReason.CappedByMaximum));
    }

    [Test]
    public void A_full_pool_creates_nothing_even_below_minimum()
    {
        var plan = Plan(ready: 1, pooled: 10, pending: 0, min: 5, max: 10);
        Assert.That(plan.ToCreate, Is.Zero);
        Assert.That(plan.Missing, Is.EqualTo(4));
        Assert.That(plan.Reason, Is.EqualTo(RefillReason.CappedByMaximum));
    }

    [Test]
    public void Over_maximum_never_goes_negative()
    {
        var plan = Plan(ready: 0, pooled: 12, pending: 2, min: 5, max: 10);
        Assert.That(plan.ToCreate, Is.Zero);
    }

    [Test]
    public void Bad_observations_and_sizes_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Plan(-1, 0, 0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Plan(0, -1, 0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Plan(0, 0, -1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Plan(0, 0, 0, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Plan(3, 2, 0, 1, 5));
        Assert.That(() => Plan(0, 0, 0, 7, 5),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("minimum_size (7) is greater than maximum_size (5)"));
    }

    [Test]
    public void Any_observation_keeps_the_bounds()
    {
        // Exhaustive over a small grid: the plan never exceeds 10, the room under maximum, or what is missing,
        // and creates something whenever something is missing and there is room.
        var violations = new List<string>();
        for (var min = 0; min <= 12; min++)
        for (var max = min; max <= 14; max++)
        for (var pooled = 0; pooled <= 15; pooled++)
        for (var ready = 0; ready <= pooled; ready++)
        for (var pending = 0; pending <= 3; pending++)
        {
            var created = Plan(ready, pooled, pending, min, max).ToCreate;
            var case_ = $"ready {ready}, pooled {pooled}, pending {pending}, min {min}, max {max}: {created}";
            if (created is < 0 or > PoolRefillPolicy.MaxCreationsPerCheck) violations.Add($"{case_} outside 0..10");
            if (created > 0 && pooled + pending + created > max) violations.Add($"{case_} over maximum");
            if (ready + pending + created > Math.Max(min, ready + pending)) violations.Add($"{case_} over minimum");
            if (created == 0 && ready + pending < min && pooled + pending < max) violations.Add($"{case_} creates nothing though missing and room");
        }
        Assert.That(violations, Is.Empty);
    }
}
