namespace Canic.Fsm.Ic;

/// <summary>
/// A call whose outcome is unknown (timeout, lost reply, pruned status): the effect may or may not have
/// happened. Callers must reconcile by observing state (canister_status, module hash, ledger
/// <c>Duplicate</c>), never by blindly resending a non-idempotent call.
/// </summary>
public sealed class IcUnknownOutcomeException : Exception
{
    /// <summary>Creates an unknown outcome of <paramref name="method"/>.</summary>
    /// <param name="method">The Candid method name, e.g. <c>create_canister</c>.</param>
    /// <param name="reason">Why the outcome is unknown.</param>
    /// <param name="innerException">The transport error, if any.</param>
    public IcUnknownOutcomeException(string method, string reason, Exception? innerException = null)
        : base($"The outcome of {method} is unknown: {reason}. Reconcile by observing state; do not resend blindly.", innerException)
    {
        Method = method;
        Reason = reason;
    }

    /// <summary>The Candid method name whose outcome is unknown.</summary>
    public string Method { get; }

    /// <summary>Why the outcome is unknown.</summary>
    public string Reason { get; }
}
