using System.Text;

namespace Canic.Fsm.Ic.Bls;

/// <summary>
/// BLS12-381 signature verification as the Internet Computer uses it: the min-sig variant (signature in G1,
/// 48 bytes; public key in G2, 96 bytes), messages hashed to G1 per RFC 9380 with the DST
/// <see cref="IcDomainSeparationTag"/>. A signature is valid when e(sig, -g2)·e(H(m), pk) = 1, checked as one
/// multi-pairing. Malformed or hostile input yields false, never an exception.
/// </summary>
public static class Bls
{
    /// <summary>The domain separation tag of IC certificates (the basic scheme, no proof of possession).</summary>
    public const string IcDomainSeparationTag = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";

    internal static readonly byte[] Dst = Encoding.ASCII.GetBytes(IcDomainSeparationTag);

    /// <summary>The Miller-loop lines of -g2, the fixed second argument of every verification, computed once.</summary>
    private static readonly Fp2[] MinusG2Lines = PrepareMinusG2();

    private static Fp2[] PrepareMinusG2()
    {
        Jacobian<Fp2>.Neg(G2.Generator).ToAffine(out var x, out var y);
        return Pairing.PrepareLines(x, y);
    }

    /// <summary>
    /// Verifies a compressed signature over <paramref name="message"/> under a compressed public key; false for
    /// any invalid encoding (wrong length or flags, x not below p, not on the curve, not in the subgroup, identity).
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (PointEncoding.TryDecodeG1(signature, out var sig) != BlsDecodeError.None) return false;
        if (PointEncoding.TryDecodeG2(publicKey, out var pk) != BlsDecodeError.None) return false;
        return VerifyPoints(pk, message, sig);
    }

    /// <summary>
    /// Verifies a decoded signature under a decoded public key, with the key's Miller-loop lines (computed on its first
    /// verification and kept with it): the cheaper path for a key used again and again, such as a root or subnet key.
    /// </summary>
    public static bool Verify(BlsPublicKey publicKey, ReadOnlySpan<byte> message, BlsSignature signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(signature);
        return Check(message, signature.X, signature.Y, new PairingInput(default, default, default, default, publicKey.Lines));
    }

    private static bool VerifyPoints(in Jacobian<Fp2> pk, ReadOnlySpan<byte> message, in Jacobian<Fp> sig)
    {
        sig.ToAffine(out var sx, out var sy);
        pk.ToAffine(out var qx, out var qy);
        return Check(message, sx, sy, new PairingInput(default, default, qx, qy));
    }

    /// <summary>e(sig, -g2)·e(H(m), pk) = 1, with <paramref name="key"/> carrying pk (its point or its lines; its P is set here).</summary>
    private static bool Check(ReadOnlySpan<byte> message, in Fp sx, in Fp sy, PairingInput key)
    {
        var h = HashToCurve.HashToG1(message, Dst);
        if (h.IsIdentity) return false; // probability 2^-255; the pairing below needs affine points
        h.ToAffine(out var hx, out var hy);
        ReadOnlySpan<PairingInput> pairs =
        [
            new PairingInput(sx, sy, default, default, MinusG2Lines),
            key with { Px = hx, Py = hy },
        ];
        return Pairing.ProductIsOne(pairs);
    }
}
