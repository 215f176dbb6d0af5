using System.Diagnostics.Metrics;
using Canic.Fsm.Orchestration.Metrics;

namespace Canic.Fsm.Orchestration.Tests.Metrics;

public class OrchestratorMetricsTests
{
    private sealed record Measurement(string Instrument, long Value, IReadOnlyDictionary<string, string?> Tags);

    private OrchestratorMetrics _metrics = null!;
    private MeterListener _listener = null!;
    private List<Measurement> _measurements = null!;

    [SetUp]
    public void SetUp()
    {
        _metrics = new OrchestratorMetrics();
        _measurements = [];
        _listener = new MeterListener
        {
            // Only this test's meter: other tests may create meters of the same name.
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, _metrics.Meter)) listener.EnableMeasurementEvents(instrument);
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var map = new Dictionary<string, string?>();
            foreach (var tag in tags) map[tag.Key] = tag.Value as string;
            lock (_measurements) _measurements.Add(new Measurement(instrument.Name, value, map));
        });
        _listener.Start();
    }

    [TearDown]
    public void TearDown()
    {
        _listener.Dispose();
        _metrics.Dispose();
    }

    [Test]
    public void The_meter_has_the_documented_name_and_counters()
    {
        Assert.That(_metrics.Meter.Name, Is.EqualTo("Canic.Fsm.Orchestration"));
        _metrics.RecordProvisioning("app", ProvisioningMetricOperation.Allocate, CanisterMetricOutcome.Started, CanisterMetricReason.Ok);
        _metrics.RecordCanisterOp("app", CanisterOpsMetricOperation.Create, CanisterMetricOutcome.Completed, CanisterMetricReason.NewAllocation);
        _metrics.RecordPool(PoolMetricOperation.Reset, PoolMetricOutcome.Completed, PoolMetricReason.Ok);
        _metrics.RecordScaling("workers", "worker", ScalingMetricOperation.PlanCreate, ScalingMetricOutcome.Skipped, ScalingMetricReason.WithinBounds);
        Assert.That(_measurements.Select(m => m.Instrument),
            Is.EqualTo(new[] { "canic.provisioning", "canic.canister_ops", "canic.pool", "canic.scaling" }));
        Assert.That(_measurements.Select(m => m.Value), Is.All.EqualTo(1));
    }

    [Test]
    public void Provisioning_carries_operation_outcome_reason_and_role_in_snake_case()
    {
        _metrics.RecordProvisioning("app", ProvisioningMetricOperation.Allocate, CanisterMetricOutcome.Completed, CanisterMetricReason.PoolReuse);
        Assert.That(_measurements.Single().Tags, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["operation"] = "allocate", ["outcome"] = "completed", ["reason"] = "pool_reuse", ["role"] = "app",
        }));
    }

    [Test]
    public void Pool_measurements_carry_a_role_only_when_given()
    {
        _metrics.RecordPool(PoolMetricOperation.SelectReady, PoolMetricOutcome.Skipped, PoolMetricReason.Empty);
        _metrics.RecordPool(PoolMetricOperation.Recycle, PoolMetricOutcome.Completed, PoolMetricReason.Ok, role: "app");
        Assert.That(_measurements[0].Tags, Does.Not.ContainKey("role"));
        Assert.That(_measurements[0].Tags["operation"], Is.EqualTo("select_ready"));
        Assert.That(_measurements[1].Tags["role"], Is.EqualTo("app"));
    }

    [Test]
    public void Canister_ops_without_role_and_scaling_with_pool()
    {
        _metrics.RecordCanisterOp(null, CanisterOpsMetricOperation.Delete, CanisterMetricOutcome.Failed, CanisterMetricReason.ManagementCall);
        _metrics.RecordScaling("workers", null, ScalingMetricOperation.CreateWorker, ScalingMetricOutcome.Failed, ScalingMetricReason.ScalingDisabled);
        Assert.That(_measurements[0].Tags, Does.Not.ContainKey("role"));
        Assert.That(_measurements[0].Tags["reason"], Is.EqualTo("management_call"));
        Assert.That(_measurements[1].Tags["pool"], Is.EqualTo("workers"));
        Assert.That(_measurements[1].Tags["operation"], Is.EqualTo("create_worker"));
        Assert.That(_measurements[1].Tags, Does.Not.ContainKey("role"));
    }

    [Test]
    public void Concurrent_records_are_all_counted()
    {
        Parallel.For(0, 1000, _ => _metrics.RecordPool(PoolMetricOperation.Reset, PoolMetricOutcome.Started, PoolMetricReason.Ok));
        Assert.That(_measurements.Sum(m => m.Value), Is.EqualTo(1000));
    }

    [Test]
    public void A_factory_meter_is_created_by_the_factory_and_left_to_it()
    {
        using var factory = new TestMeterFactory();
        var metrics = new OrchestratorMetrics(factory);
        Assert.That(metrics.Meter, Is.SameAs(factory.Created.Single()));
        Assert.That(metrics.Meter.Name, Is.EqualTo(OrchestratorMetrics.MeterName));

        using var watch = new MeterDisposalWatch(metrics.Meter);
        metrics.Dispose();
        Assert.That(watch.Completed, Is.False, "disposing the metrics must not dispose the factory's meter");
        factory.Dispose();
        Assert.That(watch.Completed, Is.True);
    }

    [Test]
    public void An_own_meter_is_disposed_with_the_metrics()
    {
        var metrics = new OrchestratorMetrics();
        using var watch = new MeterDisposalWatch(metrics.Meter);
        metrics.Dispose();
        Assert.That(watch.Completed, Is.True);
    }

    /// <summary>Sees whether a meter was disposed: a listener is told its measurements completed.</summary>
    private sealed class MeterDisposalWatch : IDisposable
    {
        private readonly MeterListener _listener;

        public MeterDisposalWatch(Meter meter)
        {
            _listener = new MeterListener
            {
                InstrumentPublished = (instrument, l) => { if (ReferenceEquals(instrument.Meter, meter)) l.EnableMeasurementEvents(instrument); },
                MeasurementsCompleted = (_, _) => Completed = true,
            };
            _listener.Start();
        }

        public bool Completed { get; private set; }

        public void Dispose() => _listener.Dispose();
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        public List<Meter> Created { get; } = [];
        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            Created.Add(meter);
            return meter;
        }
        public void Dispose()
        {
            Created.ForEach(m => m.Dispose());
        }
    }
}
