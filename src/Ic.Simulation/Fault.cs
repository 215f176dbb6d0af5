namespace Canic.Fsm.Ic.Simulation;

/// <summary>A fault the simulated IC injects into one call.</summary>
public abstract record Fault
{
    private Fault() { }

    /// <summary>The call is rejected without effect.</summary>
    /// <param name="Code">The reject code.</param>
    /// <param name="Message">The reject message.</param>
    /// <param name="ErrorCode">The optional textual error code, e.g. <c>IC0503</c>.</param>
    public sealed record Reject(RejectCode Code, string Message = "simulated reject", string? ErrorCode = null) : Fault;

    /// <summary>The effect is applied, then the reply is lost: the caller gets <see cref="IcUnknownOutcomeException"/>.</summary>
    public sealed record AppliedButReplyLost : Fault;

    /// <summary>The call times out before it reaches the IC: no effect, yet the caller gets <see cref="IcUnknownOutcomeException"/>.</summary>
    public sealed record TimedOutBeforeApplied : Fault;

    /// <summary>The call succeeds normally after a delay measured on the network's <see cref="TimeProvider"/>.</summary>
    /// <param name="Duration">The delay.</param>
    public sealed record Latency(TimeSpan Duration) : Fault;
}
