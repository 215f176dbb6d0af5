namespace Canic.Fsm.Ic.Replica.Faults;

/// <summary>A fault the replica injects into one update call at the HTTP layer.</summary>
public abstract record HttpFault
{
    private HttpFault() { }

    /// <summary>Answers 5xx before processing: nothing applied; a client retries the same bytes.</summary>
    /// <param name="Status">500, 502, 503 or 504.</param>
    public sealed record ServerError(int Status = 503) : HttpFault;

    /// <summary>Answers 429 before processing: nothing applied.</summary>
    public sealed record TooManyRequests : HttpFault;

    /// <summary>Drops the connection before processing: nothing applied, yet the client cannot know.</summary>
    public sealed record DropBeforeApply : HttpFault;

    /// <summary>Applies the call, then drops the connection: the status is readable by polling.</summary>
    public sealed record DropAfterApply : HttpFault;

    /// <summary>The call takes <paramref name="Delay"/> to execute: a synchronous call that waits longer answers 202, then polling.</summary>
    /// <param name="Delay">How long execution takes.</param>
    public sealed record Slow(TimeSpan Delay) : HttpFault;

    /// <summary>Applies the call and answers with a certificate whose signature is tampered.</summary>
    public sealed record Corrupt : HttpFault;

    /// <summary>Rejects the call without effect, with a certified reject.</summary>
    /// <param name="Code">The reject code.</param>
    /// <param name="Message">The reject message.</param>
    /// <param name="ErrorCode">The error code.</param>
    public sealed record Reject(RejectCode Code = RejectCode.SysTransient, string Message = "injected reject", string? ErrorCode = "IC0504") : HttpFault;
}
