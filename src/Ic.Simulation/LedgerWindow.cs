namespace Canic.Fsm.Ic.Simulation;

/// <summary>The ledger's verdict on a request's <c>created_at_time</c>.</summary>
internal enum WindowVerdict
{
    Admitted,
    TooOld,
    CreatedInFuture,
    Duplicate,
}

/// <summary>
/// The cycles ledger's deduplication window: a request with <c>created_at_time</c> older than window + drift is
/// TooOld, one further ahead than the drift is CreatedInFuture, and an identical one inside the window is a
/// Duplicate of the first. Requests without <c>created_at_time</c> are never deduplicated.
/// </summary>
internal sealed class LedgerWindow(SimulatedIcOptions options, TimeProvider time)
{
    private const int PruneEvery = 1024;
    private readonly ulong _window = Nanoseconds(options.DeduplicationWindow);
    private readonly ulong _drift = Nanoseconds(options.PermittedDrift);
    private int _sinceLastPrune;

    public ulong Now() => IcTime.ToNanoseconds(time.GetUtcNow());

    public WindowVerdict Check(NetworkState state, ulong now, ulong? createdAtTime, string key, out LedgerDeduplicationEntry? original)
    {
        original = null;
        if (createdAtTime is not { } at) return WindowVerdict.Admitted;
        if (now > at && now - at > _window + _drift) return WindowVerdict.TooOld;
        if (at > now && at - now > _drift) return WindowVerdict.CreatedInFuture;
        return state.Deduplication.TryGetValue(key, out original) ? WindowVerdict.Duplicate : WindowVerdict.Admitted;
    }

    /// <summary>Remembers an admitted request; now and then forgets those the window has passed.</summary>
    public void Remember(NetworkState state, ulong now, ulong? createdAtTime, string key, ulong block, Principal? canisterId)
    {
        if (createdAtTime is not { } at) return;
        state.Remember(new LedgerDeduplicationEntry(key, at, block, canisterId));
        if (++_sinceLastPrune < PruneEvery || now < _window + _drift) return;
        _sinceLastPrune = 0;
        state.ForgetEntriesBefore(now - _window - _drift);
    }

    private static ulong Nanoseconds(TimeSpan span) => (ulong)span.Ticks * 100;
}
