namespace Canic.Fsm.Ic.Replica;

/// <summary>The status of an update call under <c>/request_status/&lt;id&gt;</c>.</summary>
/// <param name="Status"><c>processing</c>, <c>replied</c>, <c>rejected</c> or <c>done</c>.</param>
/// <param name="Reply">The Candid reply, when replied.</param>
/// <param name="RejectCode">The reject code, when rejected.</param>
/// <param name="RejectMessage">The reject message, when rejected.</param>
/// <param name="ErrorCode">The error code (<c>IC0503</c>...), when rejected.</param>
internal sealed record RequestStatus(string Status, byte[]? Reply = null, RejectCode RejectCode = 0, string? RejectMessage = null, string? ErrorCode = null)
{
    public static RequestStatus Processing { get; } = new("processing");

    public static RequestStatus Done { get; } = new("done");

    public bool IsFinal => Status is "replied" or "rejected" or "done";

    public static RequestStatus Replied(byte[] reply) => new("replied", reply);

    public static RequestStatus Rejected(RejectCode code, string message, string? errorCode) => new("rejected", null, code, message, errorCode);

    /// <summary>The leaves of <c>/request_status/&lt;id&gt;</c>.</summary>
    public IEnumerable<StateLeaf> Leaves(byte[] requestId)
    {
        yield return StateLeaf.At(StateTree.Text(Status), "request_status", requestId, "status");
        if (Reply is { } reply) yield return StateLeaf.At(reply, "request_status", requestId, "reply");
        if (Status != "rejected") yield break;
        yield return StateLeaf.At(StateTree.Nat((ulong)RejectCode), "request_status", requestId, "reject_code");
        yield return StateLeaf.At(StateTree.Text(RejectMessage ?? ""), "request_status", requestId, "reject_message");
        if (ErrorCode is { } code) yield return StateLeaf.At(StateTree.Text(code), "request_status", requestId, "error_code");
    }
}
