using System.Diagnostics.Metrics;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Worker.Metrics;

namespace Canic.Fsm.Worker.Tests.Metrics;

public class PrometheusExporterTests
{
    private OrchestratorMetrics _metrics = null!;
    private PrometheusExporter _exporter = null!;

    [SetUp]
    public void SetUp()
    {
        _metrics = new OrchestratorMetrics();
        // This test's meter only: other tests may create meters of the same name.
        _exporter = new PrometheusExporter(meter => ReferenceEquals(meter, _metrics.Meter));
    }

    [TearDown]
    public void TearDown()
    {
        _exporter.Dispose();
        _metrics.Dispose();
    }

    [Test]
    public void Counters_are_summed_per_tag_set_and_rendered_as_prometheus_text()
    {
        for (var i = 0; i < 3; i++)
            _metrics.RecordProvisioning("app", ProvisioningMetricOperation.Allocate, ProvisioningMetricOutcome.Completed, ProvisioningMetricReason.PoolReuse);
        _metrics.RecordProvisioning("app", ProvisioningMetricOperation.Allocate, ProvisioningMetricOutcome.Completed, ProvisioningMetricReason.NewAllocation);

        Assert.That(_exporter.Render(), Is.EqualTo(
            "# HELP canic_provisioning_total Provisioning steps by operation, outcome, reason and role.\n" +
            "# TYPE canic_provisioning_total counter\n" +
            "canic_provisioning_total{operation=\"allocate\",outcome=\"completed\",reason=\"new_allocation\",role=\"app\"} 1\n" +
            "canic_provisioning_total{operation=\"allocate\",outcome=\"completed\",reason=\"pool_reuse\",role=\"app\"} 3\n"));
    }

    [Test]
    public void Every_orchestrator_counter_gets_its_family_in_name_order()
    {
        _metrics.RecordScaling("workers", "app", ScalingMetricOperation.PlanCreate, ScalingMetricOutcome.Skipped, ScalingMetricReason.AtMaxWorkers);
        _metrics.RecordPool(PoolMetricOperation.SelectReady, PoolMetricOutcome.Skipped, PoolMetricReason.Empty);
        _metrics.RecordCanisterOp(null, CanisterOpsMetricOperation.Create, CanisterOpsMetricOutcome.Started, CanisterOpsMetricReason.Ok);
        _metrics.RecordProvisioning("app", ProvisioningMetricOperation.Install, ProvisioningMetricOutcome.Failed, ProvisioningMetricReason.ManagementCall);

        var types = _exporter.Render().Split('\n').Where(l => l.StartsWith("# TYPE", StringComparison.Ordinal));
        Assert.That(types, Is.EqualTo(new[]
        {
            "# TYPE canic_canister_ops_total counter", "# TYPE canic_pool_total counter",
            "# TYPE canic_provisioning_total counter", "# TYPE canic_scaling_total counter",
        }));
        Assert.That(_exporter.Render(), Does.Contain("canic_pool_total{operation=\"select_ready\",outcome=\"skipped\",reason=\"empty\"} 1\n"));
        Assert.That(_exporter.Render(), Does.Contain("canic_scaling_total{operation=\"plan_create\",outcome=\"skipped\",pool=\"workers\",reason=\"at_max_workers\",role=\"app\"} 1\n"));
    }

    [Test]
    public void Label_values_are_escaped()
    {
        _metrics.RecordProvisioning("a\"b\\c\nd", ProvisioningMetricOperation.Install, ProvisioningMetricOutcome.Started, ProvisioningMetricReason.Ok);
        Assert.That(_exporter.Render(), Does.Contain("role=\"a\\\"b\\\\c\\nd\""));
    }

    [Test]
    public void Tag_order_does_not_split_a_series_and_untagged_counters_have_no_braces()
    {
        using var meter = new Meter("Test.Exporter");
        using var exporter = new PrometheusExporter(m => ReferenceEquals(m, meter));
        var counter = meter.CreateCounter<long>("9 jobs-done");
        counter.Add(2, new KeyValuePair<string, object?>("b", "1"), new KeyValuePair<string, object?>("a.x", 2));
        counter.Add(5, new KeyValuePair<string, object?>("a.x", 2), new KeyValuePair<string, object?>("b", "1"));
        counter.Add(1);

        Assert.That(exporter.Render(), Is.EqualTo(
            "# TYPE _9_jobs_done_total counter\n" +
            "_9_jobs_done_total 1\n" +
            "_9_jobs_done_total{a_x=\"2\",b=\"1\"} 7\n"));
    }

    [TestCase("canic.pool", "canic_pool_total")]
    [TestCase("requests_total", "requests_total")]
    [TestCase("ns:requests", "ns:requests_total")]
    [TestCase("", "__total")]
    public void Metric_names_are_sanitized(string instrument, string expected) =>
        Assert.That(PrometheusExporter.MetricName(instrument), Is.EqualTo(expected));

    [Test]
    public void Label_names_do_not_keep_colons() =>
        Assert.That(PrometheusExporter.LabelName("a:b-c"), Is.EqualTo("a_b_c"));

    [Test]
    public void The_default_exporter_takes_the_orchestrator_meter_by_name_and_nothing_else()
    {
        using var exporter = new PrometheusExporter();
        using var other = new Meter("Other.Meter");
        other.CreateCounter<long>("other.count").Add(1);
        _metrics.RecordPool(PoolMetricOperation.Reset, PoolMetricOutcome.Completed, PoolMetricReason.Ok);

        var text = exporter.Render();
        Assert.That(text, Does.Contain("canic_pool_total{operation=\"reset\",outcome=\"completed\",reason=\"ok\"}"));
        Assert.That(text, Does.Not.Contain("other"));
    }

    [Test]
    public void A_meter_created_after_the_exporter_is_exported_and_counters_survive_its_disposal()
    {
        var late = new OrchestratorMetrics();
        using var exporter = new PrometheusExporter(m => ReferenceEquals(m, late.Meter));
        late.RecordPool(PoolMetricOperation.Recycle, PoolMetricOutcome.Completed, PoolMetricReason.Ok);
        late.Dispose();
        Assert.That(exporter.Render(), Does.Contain("canic_pool_total{operation=\"recycle\",outcome=\"completed\",reason=\"ok\"} 1\n"));
    }

    [Test]
    public void Concurrent_measurements_are_all_counted()
    {
        Parallel.For(0, 10_000, i => _metrics.RecordPool(PoolMetricOperation.Reset, i % 2 == 0 ? PoolMetricOutcome.Started : PoolMetricOutcome.Completed, PoolMetricReason.Ok));
        var text = _exporter.Render();
        Assert.That(text, Does.Contain("outcome=\"started\",reason=\"ok\"} 5000\n"));
        Assert.That(text, Does.Contain("outcome=\"completed\",reason=\"ok\"} 5000\n"));
    }

    [Test]
    public void Nothing_measured_renders_nothing() =>
        Assert.That(_exporter.Render(), Is.Empty);
}
