using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Ic.Replica.Faults;

/// <summary>The probability of each <see cref="HttpFault"/> per update call; together at most 1.</summary>
public record HttpFaultProfile
{
    /// <summary>Probability of a 503 before processing.</summary>
    public double ServerError { get; init; }

    /// <summary>Probability of a 429 before processing.</summary>
    public double TooManyRequests { get; init; }

    /// <summary>Probability of a connection dropped before the call applied.</summary>
    public double DropBeforeApply { get; init; }

    /// <summary>Probability of a connection dropped after the call applied.</summary>
    public double DropAfterApply { get; init; }

    /// <summary>Probability of a slow execution (<see cref="SlowDelay"/>).</summary>
    public double Slow { get; init; }

    /// <summary>Probability of a tampered certificate in the answer (after the call applied).</summary>
    public double Corrupt { get; init; }

    /// <summary>Probability of a certified SYS_TRANSIENT reject without effect.</summary>
    public double Reject { get; init; }

    /// <summary>How long a slow call takes. Default 3 s.</summary>
    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The methods faults are drawn for; null for all.</summary>
    public IReadOnlyList<IcMethod>? Methods { get; init; }

    /// <summary>Checks the probabilities.</summary>
    /// <exception cref="ArgumentException">A probability outside [0, 1], a sum above 1, or a negative delay.</exception>
    public void Validate()
    {
        double[] all = [ServerError, TooManyRequests, DropBeforeApply, DropAfterApply, Slow, Corrupt, Reject];
        if (all.Any(p => p is < 0 or > 1 || double.IsNaN(p))) throw new ArgumentException("Every fault probability lies between 0 and 1.");
        if (all.Sum() > 1 + 1e-9) throw new ArgumentException($"The fault probabilities add up to {all.Sum()}, more than 1.");
        if (SlowDelay < TimeSpan.Zero) throw new ArgumentException($"SlowDelay {SlowDelay} is negative.");
    }
}
