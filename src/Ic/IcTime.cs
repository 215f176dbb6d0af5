namespace Canic.Fsm.Ic;

/// <summary>IC timestamps (<c>created_at_time</c>, <c>ledger_time</c>): nanoseconds since the Unix epoch.</summary>
public static class IcTime
{
    /// <summary>The IC timestamp of an instant.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The instant is before the Unix epoch.</exception>
    public static ulong ToNanoseconds(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return ticks >= 0
            ? (ulong)ticks * 100
            : throw new ArgumentOutOfRangeException(nameof(instant), instant, "IC timestamps start at the Unix epoch.");
    }

    /// <summary>The instant of an IC timestamp (to the 100 ns tick).</summary>
    public static DateTimeOffset FromNanoseconds(ulong nanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(nanoseconds / 100));
}
