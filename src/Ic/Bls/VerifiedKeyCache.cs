using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Canic.Fsm.Ic.Bls;

/// <summary>
/// Subnet public keys taken from delegations whose certificate has already been verified under
/// <see cref="RootKey"/>, keyed by the delegation certificate's bytes (through their SHA-256), so that a stream of
/// replies from one subnet costs one pairing check each instead of two. Bounded: beyond
/// <see cref="Capacity"/> entries the least recently used one is dropped. Thread-safe.
/// Only the signature chain is cached: checks that depend on the request (the canister ranges) stay the
/// caller's, on every reply.
/// </summary>
public sealed class VerifiedKeyCache
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, BlsPublicKey Value)>> _entries = new();
    private readonly LinkedList<(string Key, BlsPublicKey Value)> _recency = new();

    /// <summary>Creates a cache for delegations verified under <paramref name="rootKey"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public VerifiedKeyCache(BlsPublicKey rootKey, int capacity = 64)
    {
        ArgumentNullException.ThrowIfNull(rootKey);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        RootKey = rootKey;
        Capacity = capacity;
    }

    /// <summary>The root of trust every cached delegation was verified under.</summary>
    public BlsPublicKey RootKey { get; }

    /// <summary>The most entries kept.</summary>
    public int Capacity { get; }

    /// <summary>The number of entries now.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    /// <summary>The subnet key of an already verified delegation certificate, if it is cached.</summary>
    public bool TryGet(ReadOnlySpan<byte> delegationCertificate, [NotNullWhen(true)] out BlsPublicKey? subnetKey)
    {
        var key = KeyOf(delegationCertificate);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                subnetKey = node.Value.Value;
                return true;
            }
        }
        subnetKey = null;
        return false;
    }

    /// <summary>
    /// Records the subnet key of a delegation certificate that the caller has just verified under
    /// <see cref="RootKey"/> (its signature, and that the key is the one the certificate states for the subnet).
    /// </summary>
    public void Add(ReadOnlySpan<byte> delegationCertificate, BlsPublicKey subnetKey)
    {
        ArgumentNullException.ThrowIfNull(subnetKey);
        var key = KeyOf(delegationCertificate);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                _recency.Remove(existing);
                _entries.Remove(key);
            }
            while (_entries.Count >= Capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }
            _entries[key] = _recency.AddFirst((key, subnetKey));
        }
    }

    private static string KeyOf(ReadOnlySpan<byte> delegationCertificate) =>
        Convert.ToHexString(SHA256.HashData(delegationCertificate));
}
