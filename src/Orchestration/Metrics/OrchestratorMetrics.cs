using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Canic.Fsm.Orchestration.Metrics;

/// <summary>
/// The orchestrator's counters, on the meter <see cref="MeterName"/> (watch them with
/// <c>dotnet-counters monitor --counters Canic.Fsm.Orchestration</c>). Each measurement adds 1 and carries the tags
/// <c>operation</c>, <c>outcome</c>, <c>reason</c> (snake_case, see <see cref="MetricTag"/>) and, where known,
/// <c>role</c> (and <c>pool</c> for scaling). Thread-safe.
/// </summary>
public sealed class OrchestratorMetrics : IDisposable
{
    /// <summary>The name of the orchestrator's meter.</summary>
    public const string MeterName = "Canic.Fsm.Orchestration";

    /// <summary>Counter of provisioning steps (resolve module, allocate, install).</summary>
    public const string ProvisioningCounter = "canic.provisioning";

    /// <summary>Counter of canister operations (create, delete, install, reinstall).</summary>
    public const string CanisterOpsCounter = "canic.canister_ops";

    /// <summary>Counter of pool operations (admin commands, reset, scheduler, select ready).</summary>
    public const string PoolCounter = "canic.pool";

    /// <summary>Counter of scaling steps (plan, create and register workers).</summary>
    public const string ScalingCounter = "canic.scaling";

    /// <summary>Counter of retries of IC calls, by <c>method</c> and <c>reason</c> (<c>transient_reject</c>, <c>unknown_outcome</c>).</summary>
    public const string IcRetryCounter = "canic.ic.retries";

    /// <summary>
    /// Counter of IC calls made through the retry policy, by <c>method</c> and <c>outcome</c>: <c>ok</c>, <c>definitive_reject</c>
    /// (codes 1, 3, 4, 5), <c>unknown_outcome</c> (not retried: the caller reconciles), <c>budget_spent</c> (retries used up).
    /// </summary>
    public const string IcCallCounter = "canic.ic.calls";

    /// <summary>Tag holding the Candid method of an IC call.</summary>
    public const string MethodTag = "method";

    /// <summary>Tag holding the operation.</summary>
    public const string OperationTag = "operation";
    /// <summary>Tag holding the outcome.</summary>
    public const string OutcomeTag = "outcome";
    /// <summary>Tag holding the reason.</summary>
    public const string ReasonTag = "reason";
    /// <summary>Tag holding the canister role, when there is one.</summary>
    public const string RoleTag = "role";
    /// <summary>Tag holding the scaling pool's name.</summary>
    public const string PoolTag = "pool";

    private readonly Counter<long> _provisioning;
    private readonly Counter<long> _canisterOps;
    private readonly Counter<long> _pool;
    private readonly Counter<long> _scaling;
    private readonly Counter<long> _icRetries;
    private readonly Counter<long> _icCalls;
    private readonly bool _ownsMeter;

    /// <summary>Creates the meter through <paramref name="meterFactory"/> (the host's), or a meter of its own when null.</summary>
    public OrchestratorMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _provisioning = Meter.CreateCounter<long>(ProvisioningCounter, "{step}", "Provisioning steps by operation, outcome, reason and role.");
        _canisterOps = Meter.CreateCounter<long>(CanisterOpsCounter, "{operation}", "Canister operations by operation, outcome, reason and role.");
        _pool = Meter.CreateCounter<long>(PoolCounter, "{operation}", "Pool operations by operation, outcome and reason.");
        _scaling = Meter.CreateCounter<long>(ScalingCounter, "{step}", "Scaling steps by operation, outcome, reason, pool and role.");
        _icRetries = Meter.CreateCounter<long>(IcRetryCounter, "{retry}", "Retries of IC calls by method and reason.");
        _icCalls = Meter.CreateCounter<long>(IcCallCounter, "{call}", "IC calls through the retry policy by method and outcome.");
    }

    /// <summary>The meter the counters live on (a listener can select it by reference).</summary>
    public Meter Meter { get; }

    /// <summary>Counts one provisioning step of <paramref name="role"/>.</summary>
    public void RecordProvisioning(string role, ProvisioningMetricOperation operation, CanisterMetricOutcome outcome, CanisterMetricReason reason) =>
        Add(_provisioning, MetricTag.Of(operation), MetricTag.Of(outcome), MetricTag.Of(reason), role);

    /// <summary>Counts one canister operation done for <paramref name="role"/> (null when the canister has none).</summary>
    public void RecordCanisterOp(string? role, CanisterOpsMetricOperation operation, CanisterMetricOutcome outcome, CanisterMetricReason reason) =>
        Add(_canisterOps, MetricTag.Of(operation), MetricTag.Of(outcome), MetricTag.Of(reason), role);

    /// <summary>Counts one pool operation; <paramref name="role"/> is the pool entry's role, when it has one.</summary>
    public void RecordPool(PoolMetricOperation operation, PoolMetricOutcome outcome, PoolMetricReason reason, string? role = null) =>
        Add(_pool, MetricTag.Of(operation), MetricTag.Of(outcome), MetricTag.Of(reason), role);

    /// <summary>Counts one scaling step of scaling pool <paramref name="pool"/>, whose workers have <paramref name="role"/> (null when unknown).</summary>
    public void RecordScaling(string pool, string? role, ScalingMetricOperation operation, ScalingMetricOutcome outcome, ScalingMetricReason reason) =>
        Add(_scaling, MetricTag.Of(operation), MetricTag.Of(outcome), MetricTag.Of(reason), role, pool);

    /// <summary>Counts one retry of <paramref name="method"/>; <paramref name="reason"/> is <c>transient_reject</c> or <c>unknown_outcome</c>.</summary>
    public void RecordIcRetry(string method, string reason)
    {
        if (_icRetries.Enabled) _icRetries.Add(1, new KeyValuePair<string, object?>(MethodTag, method), new KeyValuePair<string, object?>(ReasonTag, reason));
    }

    /// <summary>Counts the final outcome of one IC call made through the retry policy.</summary>
    public void RecordIcCall(string method, string outcome)
    {
        if (_icCalls.Enabled) _icCalls.Add(1, new KeyValuePair<string, object?>(MethodTag, method), new KeyValuePair<string, object?>(OutcomeTag, outcome));
    }

    private static void Add(Counter<long> counter, string operation, string outcome, string reason, string? role, string? pool = null)
    {
        if (!counter.Enabled) return;
        var tags = new TagList
        {
            { OperationTag, operation },
            { OutcomeTag, outcome },
            { ReasonTag, reason },
        };
        if (role is not null) tags.Add(RoleTag, role);
        if (pool is not null) tags.Add(PoolTag, pool);
        counter.Add(1, tags);
    }

    /// <summary>Disposes the meter when this instance created it (a factory's meters are disposed by the factory).</summary>
    public void Dispose()
    {
        if (_ownsMeter) Meter.Dispose();
    }
}
