namespace Canic.Fsm.Ic.Agent;

/// <summary>
/// The delays between polls of a call's status: 0.5 s growing by ×1.4 to at most 1 s, each with ±20 % jitter
/// (agent-rs's defaults), so that many waiting calls do not poll in lockstep.
/// </summary>
public sealed class PollingBackoff
{
    private readonly Random _random;
    private readonly TimeSpan _max;
    private TimeSpan _next;

    /// <summary>Creates a backoff.</summary>
    public PollingBackoff(TimeSpan initial, TimeSpan max, Random? random = null)
    {
        _next = initial;
        _max = max;
        _random = random ?? Random.Shared;
    }

    /// <summary>The multiplier between delays.</summary>
    public const double Multiplier = 1.4;

    /// <summary>The jitter, as a fraction of the delay either way.</summary>
    public const double Jitter = 0.2;

    /// <summary>The next delay.</summary>
    public TimeSpan Next()
    {
        var current = _next;
        _next = TimeSpan.FromTicks(Math.Min((long)(_next.Ticks * Multiplier), _max.Ticks));
        return TimeSpan.FromTicks((long)(current.Ticks * (1 + Jitter * (_random.NextDouble() * 2 - 1))));
    }
}
