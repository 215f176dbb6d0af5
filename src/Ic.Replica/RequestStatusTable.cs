using System.Collections.Concurrent;

namespace Canic.Fsm.Ic.Replica;

/// <summary>
/// The replica's <c>/request_status</c>: every update call it received, by request id, with its sender and effective
/// canister id (only that sender may read it, at that id). As on the IC, a call's status is kept until its ingress
/// expiry has passed, then it reads <c>done</c> (the reply pruned), and later it is forgotten. In memory: a restarted
/// replica knows no earlier request, so a call in flight across a restart stays open to its client.
/// </summary>
internal sealed class RequestStatusTable(TimeProvider time)
{
    /// <summary>How long after its expiry a call is still answered <c>done</c> before it is forgotten.</summary>
    private static readonly TimeSpan DoneRetention = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new();
    private long _inserts;

    internal sealed class Entry(Principal sender, Principal effectiveCanisterId, DateTimeOffset expiry)
    {
        private readonly TaskCompletionSource _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile RequestStatus _status = RequestStatus.Processing;

        public Principal Sender { get; } = sender;

        public Principal EffectiveCanisterId { get; } = effectiveCanisterId;

        public DateTimeOffset Expiry { get; } = expiry;

        public RequestStatus Status => _status;

        /// <summary>Completes when the call has its final status.</summary>
        public Task Final => _final.Task;

        public void Complete(RequestStatus status)
        {
            _status = status;
            _final.TrySetResult();
        }
    }

    /// <summary>Registers a call; false (and the existing entry) when the request id is already known, as for a resent request.</summary>
    public bool TryAdd(byte[] requestId, Principal sender, Principal effectiveCanisterId, DateTimeOffset expiry, out Entry entry)
    {
        var fresh = new Entry(sender, effectiveCanisterId, expiry);
        entry = _entries.GetOrAdd(Key(requestId), fresh);
        if (!ReferenceEquals(entry, fresh)) return false;
        if (Interlocked.Increment(ref _inserts) % 1024 == 0) Forget();
        return true;
    }

    /// <summary>The entry of a request id, or null.</summary>
    public Entry? Find(byte[] requestId) => _entries.GetValueOrDefault(Key(requestId));

    /// <summary>What <c>/request_status/&lt;id&gt;/status</c> shows now: the final status is pruned to <c>done</c> after the expiry.</summary>
    public RequestStatus Visible(Entry entry) =>
        entry.Status.IsFinal && time.GetUtcNow() > entry.Expiry ? RequestStatus.Done : entry.Status;

    private void Forget()
    {
        var horizon = time.GetUtcNow() - DoneRetention;
        foreach (var (key, entry) in _entries)
            if (entry.Status.IsFinal && entry.Expiry < horizon) _entries.TryRemove(key, out _);
    }

    private static string Key(byte[] requestId) => Convert.ToHexString(requestId);
}
