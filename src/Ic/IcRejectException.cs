namespace Canic.Fsm.Ic;

/// <summary>
/// A call the IC answered with a reject: its outcome is known, and for the management canister a reject
/// means the call had no effect. Distinct from <see cref="IcUnknownOutcomeException"/>.
/// </summary>
public sealed class IcRejectException : Exception
{
    /// <summary>Creates a reject of <paramref name="method"/>.</summary>
    /// <param name="method">The Candid method name, e.g. <c>install_code</c>.</param>
    /// <param name="code">The reject code.</param>
    /// <param name="rejectMessage">The reject message as the IC words it.</param>
    /// <param name="errorCode">The optional textual error code, e.g. <c>IC0512</c>.</param>
    /// <param name="certified">
    /// False for a reject that no certificate vouches for: the v4 call's <c>non_replicated_rejection</c>, the v2
    /// call's 200 reject, a query's reject (signed by one node). Such a reject comes from the node that answered,
    /// before consensus; the IC spec says the call was not processed, but only that node says so.
    /// </param>
    public IcRejectException(string method, RejectCode code, string rejectMessage, string? errorCode = null, bool certified = true)
        : base($"{method} rejected with code {(int)code} ({code}){(errorCode is null ? "" : $", {errorCode}")}{(certified ? "" : " (not certified)")}: {rejectMessage}")
    {
        Certified = certified;
        Method = method;
        Code = code;
        RejectMessage = rejectMessage;
        ErrorCode = errorCode;
    }

    /// <summary>The Candid method name that was rejected.</summary>
    public string Method { get; }

    /// <summary>The reject code (1-5).</summary>
    public RejectCode Code { get; }

    /// <summary>The reject message.</summary>
    public string RejectMessage { get; }

    /// <summary>Whether a certificate (consensus) vouches for the reject; false for a node's own reject.</summary>
    public bool Certified { get; }

    /// <summary>The textual error code such as <c>IC0512</c>, when the IC gave one.</summary>
    public string? ErrorCode { get; }
}
