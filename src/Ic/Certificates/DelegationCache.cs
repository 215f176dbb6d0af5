using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Canic.Fsm.Ic.Certificates;

/// <summary>
/// Delegations whose certificate has been verified under the root key, with the subnet key read from them, keyed by
/// the delegation certificate's bytes (through their SHA-256) and the subnet id it is presented for: a steady stream
/// of replies from one subnet costs one pairing check each (the reply's), not two. Bounded: beyond
/// <see cref="Capacity"/> entries the least recently used one is dropped, so a peer sending endless distinct
/// delegations costs verification time, never memory. Thread-safe. Only the signature chain is remembered: the
/// checks that depend on the request or the clock (canister ranges, delegation age) stay the caller's, on every use.
/// The verifier keeps a second one for the state-root signatures themselves (see <see cref="GetOrAdd"/>).
/// </summary>
internal sealed class DelegationCache<TValue> where TValue : class
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, TValue Value)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, TValue Value)> _recency = new();

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    internal DelegationCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    /// <summary>The most entries kept.</summary>
    internal int Capacity { get; }

    /// <summary>The number of entries now.</summary>
    internal int Count
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    /// <summary>The entry of an already verified delegation certificate presented for <paramref name="subnetId"/>.</summary>
    internal bool TryGet(ReadOnlySpan<byte> delegationCertificate, Principal subnetId, [NotNullWhen(true)] out TValue? value)
    {
        var key = KeyOf(delegationCertificate, subnetId);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    /// <summary>
    /// The entry for <paramref name="bytes"/> presented for <paramref name="scope"/>, made by <paramref name="create"/> (under
    /// the cache's lock: it must be cheap, e.g. a <see cref="Lazy{T}"/> whose work runs after) when there is none.
    /// </summary>
    internal TValue GetOrAdd(ReadOnlySpan<byte> bytes, Principal scope, Func<TValue> create)
    {
        var key = KeyOf(bytes, scope);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Value;
            }
            var value = create();
            while (_entries.Count >= Capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }
            _entries[key] = _recency.AddFirst((key, value));
            return value;
        }
    }

    /// <summary>Forgets the entry for <paramref name="bytes"/> and <paramref name="scope"/> if it is still <paramref name="value"/>.</summary>
    internal void Remove(ReadOnlySpan<byte> bytes, Principal scope, TValue value)
    {
        var key = KeyOf(bytes, scope);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node) && ReferenceEquals(node.Value.Value, value))
            {
                _entries.Remove(key);
                _recency.Remove(node);
            }
        }
    }

    /// <summary>Records a delegation certificate the caller has just verified, evicting the least recently used beyond the bound.</summary>
    internal void Add(ReadOnlySpan<byte> delegationCertificate, Principal subnetId, TValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var key = KeyOf(delegationCertificate, subnetId);
        lock (_gate)
        {
            if (_entries.Remove(key, out var existing)) _recency.Remove(existing);
            while (_entries.Count >= Capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }
            _entries[key] = _recency.AddFirst((key, value));
        }
    }

    // The subnet id is part of the key: the same certificate presented for another subnet must be looked up again.
    private static string KeyOf(ReadOnlySpan<byte> delegationCertificate, Principal subnetId) =>
        Convert.ToHexString(SHA256.HashData(delegationCertificate)) + "/" + subnetId.ToHex();
}
