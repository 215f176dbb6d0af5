namespace Canic.Fsm.Ic.Simulation;

/// <summary>
/// Probabilities of a random fault plan (<see cref="FaultPlan.Random"/>), each per call; their sum must not exceed 1.
/// </summary>
public sealed record RandomFaultProfile
{
    /// <summary>Probability of <see cref="Fault.Reject"/>.</summary>
    public double Reject { get; init; }

    /// <summary>Probability of <see cref="Fault.AppliedButReplyLost"/>.</summary>
    public double AppliedButReplyLost { get; init; }

    /// <summary>Probability of <see cref="Fault.TimedOutBeforeApplied"/>.</summary>
    public double TimedOutBeforeApplied { get; init; }

    /// <summary>Probability of <see cref="Fault.Latency"/>.</summary>
    public double Latency { get; init; }

    /// <summary>The longest injected latency; each is drawn uniformly up to it.</summary>
    public TimeSpan MaxLatency { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The reject codes a random reject draws from; by default SYS_TRANSIENT only.</summary>
    public IReadOnlyList<RejectCode> RejectCodes { get; init; } = [RejectCode.SysTransient];

    /// <summary>The methods that may fault; null means all.</summary>
    public IReadOnlySet<IcMethod>? Methods { get; init; }

    internal void Validate()
    {
        double[] all = [Reject, AppliedButReplyLost, TimedOutBeforeApplied, Latency];
        if (all.Any(p => p is < 0 or > 1 || double.IsNaN(p)) || all.Sum() > 1)
            throw new ArgumentException($"Fault probabilities must each lie in [0, 1] and sum to at most 1, got {string.Join(", ", all)}.");
        if (Reject > 0 && RejectCodes.Count == 0)
            throw new ArgumentException("A random plan that rejects needs at least one reject code.");
        if (MaxLatency < TimeSpan.Zero)
            throw new ArgumentException($"MaxLatency cannot be negative, got {MaxLatency}.");
    }
}
