using System.Diagnostics;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Telemetry;

namespace Canic.Fsm.Orchestration.Pool;

/// <summary>The span of one pool canister reset, the root of its trace (a reset belongs to no attempt).</summary>
internal static class ResetSpans
{
    public static Activity? Start(Principal pid, PoolEntryStatus from) =>
        OrchestrationTelemetry.StartRoot(OrchestrationTelemetry.ResetSpan)
            ?.SetTag(OrchestrationTelemetry.CanisterTag, pid.ToString())
            .SetTag(OrchestrationTelemetry.ResetFromTag, from.ToString());

    public static void End(Activity? span, PoolResetResult result)
    {
        if (span is null) return;
        if (result.Status is { } status) span.SetTag(OrchestrationTelemetry.ResetToTag, status.ToString());
        if (result.Reason is not null) span.SetTag(OrchestrationTelemetry.ReasonTag, result.Reason);
        // A reset whose row had moved on (Status null) neither succeeded nor failed: its status stays unset.
        if (result.Status == PoolEntryStatus.Ready) span.SetStatus(ActivityStatusCode.Ok);
        else if (result.Status == PoolEntryStatus.Failed) span.SetStatus(ActivityStatusCode.Error, result.Reason);
    }
}
