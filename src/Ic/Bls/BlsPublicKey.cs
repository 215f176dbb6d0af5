namespace Canic.Fsm.Ic.Bls;

/// <summary>
/// A validated BLS12-381 public key of the min-sig scheme the IC uses: a point of G2, 96 bytes compressed.
/// Decoding checks the flags, the field range, the curve equation and subgroup membership, and rejects the
/// identity; a decoded key can be verified against any number of times without decoding again.
/// </summary>
public sealed class BlsPublicKey
{
    /// <summary>The length of a compressed key.</summary>
    public const int Length = PointEncoding.G2Length;

    private readonly byte[] _bytes;

    internal BlsPublicKey(in Jacobian<Fp2> point, byte[] bytes)
    {
        point.ToAffine(out var x, out var y);
        X = x;
        Y = y;
        Point = Jacobian<Fp2>.FromAffine(x, y);
        _bytes = bytes;
    }

    internal Jacobian<Fp2> Point { get; }

    private Fp2[]? _lines;

    /// <summary>
    /// The key's Miller-loop lines (as -g2's are precomputed): computed on the first verification, so every later
    /// one against this key skips the G2 half of its Miller loop. A race computes the same lines twice, harmlessly.
    /// </summary>
    internal Fp2[] Lines => _lines ??= Pairing.PrepareLines(X, Y);

    internal Fp2 X { get; }

    internal Fp2 Y { get; }

    /// <summary>Decodes a compressed key; on failure <paramref name="key"/> is null and the error says why.</summary>
    public static BlsDecodeError TryDecode(ReadOnlySpan<byte> bytes, out BlsPublicKey? key)
    {
        var error = PointEncoding.TryDecodeG2(bytes, out var point);
        key = error == BlsDecodeError.None ? new BlsPublicKey(point, bytes.ToArray()) : null;
        return error;
    }

    /// <summary>The 96-byte compressed encoding.</summary>
    public byte[] ToBytes() => (byte[])_bytes.Clone();

    internal ReadOnlySpan<byte> Bytes => _bytes;

    /// <inheritdoc />
    public override string ToString() => Convert.ToHexStringLower(_bytes);
}
