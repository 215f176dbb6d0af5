using System.Diagnostics;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.StateMachine;
using Canic.Fsm.Orchestration.Telemetry;

namespace Canic.Fsm.Orchestration.Provisioning;

/// <summary>The span of one provisioning attempt's run: started with its machine, ended when the machine is forgotten.</summary>
internal static class AttemptSpans
{
    public static Activity? Start(ProvisioningAttempt attempt, State initial)
    {
        var span = OrchestrationTelemetry.StartRoot(OrchestrationTelemetry.AttemptSpan);
        span?.SetTag(OrchestrationTelemetry.AttemptIdTag, attempt.Id)
            .SetTag(OrchestrationTelemetry.RoleTag, attempt.Role)
            .SetTag(OrchestrationTelemetry.AttemptStartTag, initial.GetType().Name.Replace("State", "", StringComparison.Ordinal));
        return span;
    }

    /// <summary>Tags the span with what the machine last committed and ends it.</summary>
    public static void End(Activity span, AttemptMachine machine)
    {
        var attempt = machine.Attempt;
        if (attempt.Pid is not null) span.SetTag(OrchestrationTelemetry.CanisterTag, attempt.Pid.ToString());
        if (attempt.AllocationSource is { } source) span.SetTag(OrchestrationTelemetry.AttemptSourceTag, source == AllocationSource.Pool ? "pool" : "new");
        var finished = machine.Finished.IsCompletedSuccessfully ? machine.Finished.Result : null;
        if (finished is { } state) span.SetTag(OrchestrationTelemetry.AttemptStateTag, state.ToString());
        if (attempt.FailureReason is not null) span.SetTag(OrchestrationTelemetry.ReasonTag, attempt.FailureReason);
        if (machine.Faulted.IsCompleted) span.SetStatus(ActivityStatusCode.Error, "the attempt's machine faulted");
        else if (finished is AttemptState.Committed) span.SetStatus(ActivityStatusCode.Ok);
        else if (finished is AttemptState.Failed or AttemptState.Blocked) span.SetStatus(ActivityStatusCode.Error, attempt.FailureReason);
        span.Stop();
    }
}
