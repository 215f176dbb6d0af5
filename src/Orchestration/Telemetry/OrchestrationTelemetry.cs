using System.Diagnostics;

namespace Canic.Fsm.Orchestration.Telemetry;

/// <summary>
/// The orchestrator's traces, on the <see cref="ActivitySource"/> named <see cref="ActivitySourceName"/> (select it with
/// OpenTelemetry's <c>AddSource</c>): a span per provisioning attempt (<see cref="AttemptSpan"/>) and per pool reset
/// (<see cref="ResetSpan"/>), each the root of its own trace, and a client span per IC call
/// (<c>aaaaa-aa/install_code</c>, <c>cycles_ledger/create_canister</c>), the child of the attempt or reset that made it.
/// When nothing listens, no span is created.
/// </summary>
public static class OrchestrationTelemetry
{
    /// <summary>The name of the orchestrator's activity source (the same as its meter's).</summary>
    public const string ActivitySourceName = "Canic.Fsm.Orchestration";

    /// <summary>Span of one provisioning attempt, from its machine's start to its end (or stall, or stop).</summary>
    public const string AttemptSpan = "canic.provisioning_attempt";

    /// <summary>Span of one pool canister reset (update_settings, uninstall_code, canister_status).</summary>
    public const string ResetSpan = "canic.pool_reset";

    /// <summary>Tag: the provisioning attempt's id.</summary>
    public const string AttemptIdTag = "canic.attempt.id";
    /// <summary>Tag: the role being provisioned.</summary>
    public const string RoleTag = "canic.role";
    /// <summary>Tag: the attempt's persisted state when its span ends (Committed, Failed, Blocked; absent when it stalled or stopped).</summary>
    public const string AttemptStateTag = "canic.attempt.state";
    /// <summary>Tag: the machine state the attempt started (or resumed) in.</summary>
    public const string AttemptStartTag = "canic.attempt.started_in";
    /// <summary>Tag: where the attempt's canister came from (<c>pool</c> or <c>new</c>).</summary>
    public const string AttemptSourceTag = "canic.attempt.source";
    /// <summary>Tag: the canister concerned (textual principal).</summary>
    public const string CanisterTag = "canic.canister_id";
    /// <summary>Tag: the pool status a reset started from, and the one it ended in.</summary>
    public const string ResetFromTag = "canic.pool.from";
    /// <summary>Tag: the pool status a reset ended in (<c>Ready</c>, <c>Failed</c>), absent when the row had moved on.</summary>
    public const string ResetToTag = "canic.pool.to";
    /// <summary>Tag: why an attempt or reset failed, when it did.</summary>
    public const string ReasonTag = "canic.reason";

    /// <summary>Tag: the Candid method called (also <c>rpc.method</c>).</summary>
    public const string MethodTag = "ic.method";
    /// <summary>Tag: how the call ended: <c>replied</c>, <c>rejected</c>, <c>unknown</c> (outcome unknown), <c>cancelled</c> or <c>error</c>.</summary>
    public const string OutcomeTag = "ic.outcome";
    /// <summary>Tag: the reject code (1-5) of a rejected call.</summary>
    public const string RejectCodeTag = "ic.reject_code";
    /// <summary>Tag: the reject code's name (<c>DestinationInvalid</c>, <c>CanisterError</c>...).</summary>
    public const string RejectNameTag = "ic.reject_code_name";
    /// <summary>Tag: the IC's textual error code (<c>IC0512</c>), when it gave one.</summary>
    public const string ErrorCodeTag = "ic.error_code";

    internal static readonly ActivitySource Source = new(ActivitySourceName, typeof(OrchestrationTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Starts <paramref name="name"/> as the root of a new trace (whatever the caller's current span), and makes it current.
    /// Null when nothing listens; then <see cref="Activity.Current"/> is left as it was.
    /// </summary>
    internal static Activity? StartRoot(string name, ActivityKind kind = ActivityKind.Internal)
    {
        if (!Source.HasListeners()) return null;
        var previous = Activity.Current;
        Activity.Current = null;
        var activity = Source.StartActivity(name, kind);
        if (activity is null) Activity.Current = previous;
        return activity;
    }
}
