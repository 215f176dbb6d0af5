using Canic.Fsm.Orchestration.Metrics;

namespace Canic.Fsm.Orchestration.Tests.Metrics;

public class MetricTagTests
{
    [Test]
    public void Tags_are_snake_case_as_in_canic()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MetricTag.Of(CanisterMetricReason.PoolReuse), Is.EqualTo("pool_reuse"));
            Assert.That(MetricTag.Of(ProvisioningMetricOperation.ResolveModule), Is.EqualTo("resolve_module"));
            Assert.That(MetricTag.Of(PoolMetricOperation.SelectReady), Is.EqualTo("select_ready"));
            Assert.That(MetricTag.Of(PoolMetricReason.NonImportableLocal), Is.EqualTo("non_importable_local"));
            Assert.That(MetricTag.Of(CanisterMetricReason.Cycles), Is.EqualTo("cycles"));
            Assert.That(MetricTag.Of(ScalingMetricReason.AtMaxWorkers), Is.EqualTo("at_max_workers"));
            Assert.That(MetricTag.Of(ScalingMetricOutcome.Started), Is.EqualTo("started"));
        });
    }

    [Test]
    public void Every_member_of_every_metric_enum_has_its_own_lower_snake_case_tag()
    {
        AssertAll<ProvisioningMetricOperation>(); AssertAll<CanisterOpsMetricOperation>();
        AssertAll<CanisterMetricOutcome>(); AssertAll<CanisterMetricReason>();
        AssertAll<PoolMetricOperation>(); AssertAll<PoolMetricOutcome>(); AssertAll<PoolMetricReason>();
        AssertAll<ScalingMetricOperation>(); AssertAll<ScalingMetricOutcome>(); AssertAll<ScalingMetricReason>();
    }

    [Test]
    public void The_enums_hold_exactly_canics_members()
    {
        // Canic's CanisterOpsMetricReason; its ProvisioningMetricReason is the same without AlreadyExists, Cycles and NotFound.
        Assert.That(Enum.GetNames<CanisterMetricReason>(), Is.EquivalentTo(new[]
            { "AlreadyExists", "Cycles", "InvalidState", "ManagementCall", "MissingWasm", "NewAllocation", "NotFound", "Ok", "PolicyDenied", "PoolReuse", "PoolTopup", "Topology", "Unknown" }));
        Assert.That(Enum.GetNames<PoolMetricOperation>(), Is.EquivalentTo(new[]
            { "CreateEmpty", "ImportImmediate", "ImportQueued", "Recycle", "Reset", "Scheduler", "SelectReady" }));
        Assert.That(Enum.GetNames<PoolMetricReason>(), Is.EquivalentTo(new[]
            { "AlreadyPresent", "Empty", "FailedEntry", "InvalidState", "ManagementCall", "NonImportableLocal", "NotFound", "Ok", "PolicyDenied", "RegisteredInSubnet", "Unknown" }));
        Assert.That(Enum.GetNames<ScalingMetricReason>(), Is.EquivalentTo(new[]
            { "AtMaxWorkers", "BelowMinWorkers", "InvalidState", "ManagementCall", "MissingWorkerEntry", "NoInitialWorkers", "Ok", "PolicyDenied", "ScalingDisabled", "TargetSatisfied", "Unknown", "WithinBounds" }));
    }

    [Test]
    public void An_undeclared_value_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MetricTag.Of((PoolMetricOutcome)42));

    [Test]
    public void An_enum_not_numbered_from_zero_cannot_be_a_tag() =>
        Assert.That(() => MetricTag.Of(Sparse.B), Throws.TypeOf<TypeInitializationException>()
            .With.InnerException.Message.Contains("numbered 0..n-1"));

    [TestCase("SelectReady", "select_ready")]
    [TestCase("Ok", "ok")]
    [TestCase("A", "a")]
    [TestCase("", "")]
    public void ToSnakeCase_splits_on_capitals(string pascal, string snake) =>
        Assert.That(MetricTag.ToSnakeCase(pascal), Is.EqualTo(snake));

    private enum Sparse { A = 1, B = 2 }

    private static void AssertAll<TEnum>() where TEnum : struct, Enum
    {
        var tags = Enum.GetValues<TEnum>().Select(v => MetricTag.Of(v)).ToList();
        Assert.That(tags, Is.Unique, typeof(TEnum).Name);
        Assert.That(tags, Has.All.Match("^[a-z]+(_[a-z]+)*$"), typeof(TEnum).Name);
    }
}
