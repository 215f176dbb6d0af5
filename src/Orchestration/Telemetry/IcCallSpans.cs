using System.Diagnostics;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Telemetry;

/// <summary>
/// A client span around one IC call, child of the current span (the attempt or reset making it): method, canister,
/// outcome and, for a reject, its code. Without a listener the call is made as it is, with no wrapper.
/// </summary>
internal static class IcCallSpans
{
    public const string ManagementService = "aaaaa-aa";
    public const string LedgerService = "cycles_ledger";

    /// <param name="service">The callee (<c>aaaaa-aa</c>, <c>cycles_ledger</c>).</param>
    /// <param name="method">The Candid method.</param>
    /// <param name="canister">The canister the call is about, when known before the call.</param>
    /// <param name="call">The call itself.</param>
    /// <param name="refusal">For calls whose expected errors are values (the ledger's <c>Err</c>), the error of a result, else null.</param>
    /// <param name="created">For the creating calls, the canister a result names (tagged once known).</param>
    public static Task<T> CallAsync<T>(string service, string method, Principal? canister, Func<Task<T>> call,
        Func<T, string?>? refusal = null, Func<T, Principal?>? created = null) =>
        OrchestrationTelemetry.Source.HasListeners() ? TracedAsync(service, method, canister, call, refusal, created) : call();

    public static Task CallAsync(string service, string method, Principal? canister, Func<Task> call) =>
        OrchestrationTelemetry.Source.HasListeners()
            ? TracedAsync<bool>(service, method, canister, async () => { await call().ConfigureAwait(false); return true; }, null, null)
            : call();

    private static async Task<T> TracedAsync<T>(string service, string method, Principal? canister, Func<Task<T>> call,
        Func<T, string?>? refusal, Func<T, Principal?>? created)
    {
        using var span = OrchestrationTelemetry.Source.StartActivity($"{service}/{method}", ActivityKind.Client);
        if (span is null) return await call().ConfigureAwait(false);
        span.SetTag("rpc.system", "icp");
        span.SetTag("rpc.service", service);
        span.SetTag("rpc.method", method);
        span.SetTag(OrchestrationTelemetry.MethodTag, method);
        if (canister is not null) span.SetTag(OrchestrationTelemetry.CanisterTag, canister.ToString());
        try
        {
            var result = await call().ConfigureAwait(false);
            span.SetTag(OrchestrationTelemetry.OutcomeTag, "replied");
            if (created?.Invoke(result) is { } pid) span.SetTag(OrchestrationTelemetry.CanisterTag, pid.ToString());
            if (refusal?.Invoke(result) is { } error) span.SetStatus(ActivityStatusCode.Error, error);
            return result;
        }
        catch (IcRejectException reject)
        {
            span.SetTag(OrchestrationTelemetry.OutcomeTag, "rejected");
            span.SetTag(OrchestrationTelemetry.RejectCodeTag, (int)reject.Code);
            span.SetTag(OrchestrationTelemetry.RejectNameTag, reject.Code.ToString());
            if (reject.ErrorCode is not null) span.SetTag(OrchestrationTelemetry.ErrorCodeTag, reject.ErrorCode);
            span.SetStatus(ActivityStatusCode.Error, reject.RejectMessage);
            throw;
        }
        catch (IcUnknownOutcomeException unknown)
        {
            span.SetTag(OrchestrationTelemetry.OutcomeTag, "unknown");
            span.SetStatus(ActivityStatusCode.Error, unknown.Message);
            throw;
        }
        catch (OperationCanceledException)
        {
            span.SetTag(OrchestrationTelemetry.OutcomeTag, "cancelled");
            throw;
        }
        catch (Exception e)
        {
            span.SetTag(OrchestrationTelemetry.OutcomeTag, "error");
            span.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }
}
