namespace Canic.Fsm.Ic.Bls;

/// <summary>
/// A validated BLS12-381 min-sig signature: a point of G1, 48 bytes compressed. Decoding checks the flags, the
/// field range, the curve equation and subgroup membership, and rejects the identity.
/// </summary>
public sealed class BlsSignature
{
    /// <summary>The length of a compressed signature.</summary>
    public const int Length = PointEncoding.G1Length;

    private readonly byte[] _bytes;

    internal BlsSignature(in Jacobian<Fp> point, byte[] bytes)
    {
        point.ToAffine(out var x, out var y);
        X = x;
        Y = y;
        _bytes = bytes;
    }

    internal Fp X { get; }

    internal Fp Y { get; }

    /// <summary>Decodes a compressed signature; on failure <paramref name="signature"/> is null and the error says why.</summary>
    public static BlsDecodeError TryDecode(ReadOnlySpan<byte> bytes, out BlsSignature? signature)
    {
        var error = PointEncoding.TryDecodeG1(bytes, out var point);
        signature = error == BlsDecodeError.None ? new BlsSignature(point, bytes.ToArray()) : null;
        return error;
    }

    /// <summary>The 48-byte compressed encoding.</summary>
    public byte[] ToBytes() => (byte[])_bytes.Clone();

    /// <inheritdoc />
    public override string ToString() => Convert.ToHexStringLower(_bytes);
}
