using System.Collections.Concurrent;
using Canic.Fsm.Ic.Bls;

namespace Canic.Fsm.Ic.Certificates;

/// <summary>
/// The managed BLS12-381 verifier of <see cref="Bls.Bls"/>. It keeps the public keys it has decoded (the root key and
/// subnet keys: a handful) with their Miller-loop lines, keyed by their exact 96 bytes, so that a verification costs
/// hashing to the curve, decoding the signature and one multi-pairing, not also a G2 decoding with its subgroup check
/// and the key's half of the Miller loop every time. A key is kept only once it decoded as a valid point of G2 (one
/// that fails is decoded, and fails, every time); a decoded key says nothing about any signature, each of which is
/// still checked. Bounded: beyond <see cref="KeyCapacity"/> keys it starts over. Thread-safe.
/// </summary>
public sealed class BlsVerifier : IBlsVerifier
{
    /// <summary>The most decoded keys kept.</summary>
    internal const int KeyCapacity = 64;

    private readonly ConcurrentDictionary<string, BlsPublicKey> _keys = new(StringComparer.Ordinal);

    /// <summary>The one instance the agents share.</summary>
    public static BlsVerifier Instance { get; } = new();

    /// <summary>A verifier with its own key cache (tests).</summary>
    internal BlsVerifier() { }

    /// <summary>How many decoded keys are kept now.</summary>
    internal int CachedKeys => _keys.Count;

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> publicKey96, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature48)
    {
        if (BlsSignature.TryDecode(signature48, out var signature) != BlsDecodeError.None) return false;
        return Key(publicKey96) is { } key && Bls.Bls.Verify(key, message, signature!);
    }

    private BlsPublicKey? Key(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != BlsPublicKey.Length) return null;
        var id = Convert.ToHexString(bytes);
        if (_keys.TryGetValue(id, out var key)) return key;
        if (BlsPublicKey.TryDecode(bytes, out key) != BlsDecodeError.None) return null;
        if (_keys.Count >= KeyCapacity) _keys.Clear();
        return _keys.GetOrAdd(id, key!);
    }
}
