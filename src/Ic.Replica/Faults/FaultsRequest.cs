namespace Canic.Fsm.Ic.Replica.Faults;

/// <summary>The body of <c>PUT /_/faults</c>: probabilities per update call, the seed they are drawn from, added latency, corruption of every certificate.</summary>
public sealed record FaultsRequest
{
    /// <summary>The seed of the random draws.</summary>
    public int Seed { get; init; }

    /// <summary>See <see cref="HttpFaultProfile.ServerError"/>.</summary>
    public double ServerError { get; init; }

    /// <summary>See <see cref="HttpFaultProfile.TooManyRequests"/>.</summary>
    public double TooManyRequests { get; init; }

    /// <summary>See <see cref="HttpFaultProfile.DropBeforeApply"/>.</summary>
    public double DropBeforeApply { get; init; }

    /// <summary>See <see cref="HttpFaultProfile.DropAfterApply"/>.</summary>
    public double DropAfterApply { get; init; }

    /// <summary>See <see cref="HttpFaultProfile.Slow"/>.</summary>
    public double Slow { get; init; }

    /// <summary>See <see cref="HttpFaultProfile.Corrupt"/>.</summary>
    public double Corrupt { get; init; }

    /// <summary>See <see cref="HttpFaultProfile.Reject"/>.</summary>
    public double Reject { get; init; }

    /// <summary>How long a slow call takes, in milliseconds. Default 3000.</summary>
    public int SlowDelayMs { get; init; } = 3000;

    /// <summary>Milliseconds every update call takes. Default 0.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Whether every certificate served is tampered with.</summary>
    public bool CorruptAllCertificates { get; init; }

    /// <summary>The plan this request describes.</summary>
    /// <exception cref="ArgumentException">A probability or delay is out of range.</exception>
    public HttpFaultPlan ToPlan()
    {
        if (LatencyMs < 0 || SlowDelayMs < 0) throw new ArgumentException("LatencyMs and SlowDelayMs cannot be negative.");
        return HttpFaultPlan.Random(Seed, new HttpFaultProfile
        {
            ServerError = ServerError, TooManyRequests = TooManyRequests, DropBeforeApply = DropBeforeApply, DropAfterApply = DropAfterApply,
            Slow = Slow, Corrupt = Corrupt, Reject = Reject, SlowDelay = TimeSpan.FromMilliseconds(SlowDelayMs),
        }).WithLatency(TimeSpan.FromMilliseconds(LatencyMs)).WithCorruptCertificates(CorruptAllCertificates);
    }
}
