namespace Canic.Fsm.Ic.Replica.Faults;

/// <summary>
/// The JSON of <c>PUT /_/faults</c> and <c>canic-fsm replica --faults</c>: the probabilities of <see cref="HttpFaultProfile"/>
/// (camel case: <c>serverError</c>, <c>tooManyRequests</c>, <c>dropBeforeApply</c>, <c>dropAfterApply</c>, <c>slow</c>,
/// <c>slowDelay</c>, <c>corrupt</c>, <c>reject</c>), the seed they are drawn from, the latency added to every call and
/// whether every certificate is tampered with.
/// </summary>
public sealed record FaultsRequest : HttpFaultProfile
{
    /// <summary>The seed of the random draws.</summary>
    public int Seed { get; init; }

    /// <summary>The time every update call takes (e.g. <c>"00:00:01"</c>). Default none.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Whether every certificate served is tampered with.</summary>
    public bool CorruptAllCertificates { get; init; }

    /// <summary>The plan this request describes.</summary>
    /// <exception cref="ArgumentException">A probability or delay is out of range.</exception>
    public HttpFaultPlan ToPlan()
    {
        if (Latency < TimeSpan.Zero) throw new ArgumentException($"Latency {Latency} is negative.");
        return HttpFaultPlan.Random(Seed, this).WithLatency(Latency).WithCorruptCertificates(CorruptAllCertificates);
    }
}
