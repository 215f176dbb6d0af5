using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Effects;

/// <summary>How a failed IC call is read: a definitive reject, a spent retry budget, or an outcome still unknown.</summary>
internal static class IcFailure
{
    /// <summary>
    /// "Not found" (reject code 3 with error code IC0301, or without an error code but saying "not found"): the canister
    /// does not exist, whichever call asked. Another code-3 reject is definitive but says nothing about existence.
    /// </summary>
    public static bool IsNotFound(Exception e) => e is IcRejectException { Code: RejectCode.DestinationInvalid } r
        && (r.ErrorCode == "IC0301" || r.ErrorCode is null && r.RejectMessage.Contains("not found", StringComparison.OrdinalIgnoreCase));

    /// <summary>The failure in words, naming its kind, for a Failed reason or a log line.</summary>
    public static string Describe(Exception e) => e switch
    {
        IcRejectException r => $"definitive reject (code {(int)r.Code}): {r.Message}",
        IcRetryBudgetSpentException s => s.Message,
        IcUnknownOutcomeException u => $"outcome unknown: {u.Message}",
        _ => e.Message,
    };
}
