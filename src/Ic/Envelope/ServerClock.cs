namespace Canic.Fsm.Ic.Envelope;

/// <summary>
/// The IC's time as this client estimates it: the local clock plus an offset learnt from the <c>/time</c> of
/// verified certificates. Ingress expiries are computed from it, so a host whose clock is a few minutes off
/// still sends expiries the IC accepts. The offset is bounded (<see cref="MaxCorrection"/>): a larger skew means
/// the host clock is broken, and trusting a server to move our clock further would let it replay old certificates.
/// </summary>
public sealed class ServerClock
{
    private long _offsetTicks;

    /// <summary>Creates the clock.</summary>
    /// <param name="time">The local clock.</param>
    /// <param name="maxCorrection">The largest offset accepted; 5 minutes by default.</param>
    public ServerClock(TimeProvider time, TimeSpan? maxCorrection = null)
    {
        Time = time ?? throw new ArgumentNullException(nameof(time));
        MaxCorrection = maxCorrection ?? TimeSpan.FromMinutes(5);
    }

    /// <summary>The local clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>The largest correction applied.</summary>
    public TimeSpan MaxCorrection { get; }

    /// <summary>The current offset (server minus local).</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>The IC's current time, as estimated.</summary>
    public DateTimeOffset Now => Time.GetUtcNow() + Offset;

    /// <summary>Learns the offset from the time of a verified certificate; returns false when it is out of bounds (then unchanged).</summary>
    public bool Observe(DateTimeOffset serverTime)
    {
        var offset = serverTime - Time.GetUtcNow();
        if (offset.Duration() > MaxCorrection) return false;
        Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
        return true;
    }

    /// <summary>The <c>ingress_expiry</c> for a request sent now: server time plus <paramref name="ttl"/>, truncated to the second.</summary>
    public ulong IngressExpiry(TimeSpan ttl)
    {
        var expiry = Now + ttl;
        var ns = IcTime.ToNanoseconds(expiry);
        return ns - ns % 1_000_000_000;
    }
}
