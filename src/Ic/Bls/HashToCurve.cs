using System.Buffers;
using System.Numerics;
using System.Security.Cryptography;

namespace Canic.Fsm.Ic.Bls;

/// <summary>
/// hash_to_curve for G1 per RFC 9380, suite BLS12381G1_XMD:SHA-256_SSWU_RO_: expand_message_xmd with SHA-256,
/// hash_to_field to two elements (L = 64), the simplified SWU map onto the 11-isogenous curve, the isogeny, and
/// cofactor clearing with h_eff = 1 - x.
/// </summary>
internal static class HashToCurve
{
    private const int HashLength = 32, BlockLength = 64, FieldElementLength = 64;

    /// <summary>Z = 11, the SWU non-square for BLS12-381 G1.</summary>
    private static readonly Fp Z = Fp.FromBig(11);

    /// <summary>sqrt(-Z), for sqrt_ratio with p = 3 mod 4 (either root serves: the sign of y is fixed afterwards).</summary>
    private static readonly Fp SqrtMinusZ = Fp.TrySqrt(Fp.Neg(Z), out var root)
        ? root
        : throw new InvalidOperationException("-11 is a square mod p");

    private static readonly Fp TwoTo256 = Fp.FromBig(BigInteger.One << 256);

    internal static Jacobian<Fp> HashToG1(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst)
    {
        Span<byte> uniform = stackalloc byte[2 * FieldElementLength];
        ExpandMessageXmd(message, dst, uniform);
        var q0 = MapToCurve(ToField(uniform[..FieldElementLength]));
        var q1 = MapToCurve(ToField(uniform[FieldElementLength..]));
        return G1.ClearCofactor(Jacobian<Fp>.Add(q0, q1));
    }

    /// <summary>map_to_curve: simplified SWU on E', then the 11-isogeny to E.</summary>
    internal static Jacobian<Fp> MapToCurve(in Fp u)
    {
        MapToIsogenousCurve(u, out var x, out var y);
        return Isogeny11.Map(x, y);
    }

    /// <summary>A 64-byte big-endian integer reduced mod p: hi·2^256 + lo, both halves below p.</summary>
    internal static Fp ToField(ReadOnlySpan<byte> bytes) =>
        Fp.Add(Fp.Mul(Fp.FromBigEndian32(bytes[..32]), TwoTo256), Fp.FromBigEndian32(bytes[32..64]));

    /// <summary>RFC 9380 section 5.3.1. The DST must be at most 255 bytes and the output at most 255 blocks.</summary>
    internal static void ExpandMessageXmd(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst, Span<byte> output)
    {
        var ell = (output.Length + HashLength - 1) / HashLength;
        if (dst.Length > 255) throw new ArgumentException("DST longer than 255 bytes", nameof(dst));
        if (ell > 255 || output.Length > ushort.MaxValue) throw new ArgumentException("output too long", nameof(output));

        // msg_prime = Z_pad || msg || I2OSP(len, 2) || I2OSP(0, 1) || DST || I2OSP(len(DST), 1)
        var primeLength = BlockLength + message.Length + 3 + dst.Length + 1;
        var rented = primeLength > 1024 ? ArrayPool<byte>.Shared.Rent(primeLength) : null;
        var msgPrime = rented is null ? stackalloc byte[primeLength] : rented.AsSpan(0, primeLength);
        msgPrime[..BlockLength].Clear();
        message.CopyTo(msgPrime[BlockLength..]);
        var tail = msgPrime[(BlockLength + message.Length)..];
        tail[0] = (byte)(output.Length >> 8);
        tail[1] = (byte)output.Length;
        tail[2] = 0;
        dst.CopyTo(tail[3..]);
        tail[3 + dst.Length] = (byte)dst.Length;
        Span<byte> b0 = stackalloc byte[HashLength];
        SHA256.HashData(msgPrime, b0);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);

        // b_i = H(strxor(b_0, b_(i-1)) || I2OSP(i, 1) || DST_prime), with b_0 standing in for b_(0) xor nothing.
        Span<byte> block = stackalloc byte[HashLength + 1 + dst.Length + 1];
        dst.CopyTo(block[(HashLength + 1)..]);
        block[^1] = (byte)dst.Length;
        Span<byte> previous = stackalloc byte[HashLength];
        for (var i = 1; i <= ell; i++)
        {
            for (var k = 0; k < HashLength; k++) block[k] = (byte)(b0[k] ^ (i == 1 ? 0 : previous[k]));
            block[HashLength] = (byte)i;
            SHA256.HashData(block, previous);
            var offset = (i - 1) * HashLength;
            previous[..Math.Min(HashLength, output.Length - offset)].CopyTo(output[offset..]);
        }
    }

    /// <summary>RFC 9380 appendix F.2 (straight-line simplified SWU), with the result in affine coordinates on E'.</summary>
    internal static void MapToIsogenousCurve(in Fp u, out Fp x, out Fp y)
    {
        var a = Isogeny11.A;
        var b = Isogeny11.B;
        var tv1 = Fp.Mul(Z, Fp.Square(u));
        var tv2 = Fp.Add(Fp.Square(tv1), tv1);
        var tv3 = Fp.Mul(b, Fp.Add(tv2, Fp.One));
        var tv4 = Fp.Mul(a, tv2.IsZero ? Z : Fp.Neg(tv2));
        var tv6 = Fp.Square(tv4);
        var tv5 = Fp.Mul(a, tv6);
        tv2 = Fp.Mul(Fp.Add(Fp.Square(tv3), tv5), tv3);
        tv6 = Fp.Mul(tv6, tv4);
        tv2 = Fp.Add(tv2, Fp.Mul(b, tv6));
        var isSquare = SqrtRatio(tv2, tv6, out var y1);
        var xn = isSquare ? tv3 : Fp.Mul(tv1, tv3);
        y = isSquare ? y1 : Fp.Mul(Fp.Mul(tv1, u), y1);
        if (u.Sgn0 != y.Sgn0) y = Fp.Neg(y);
        x = Fp.Mul(xn, Fp.Inverse(tv4));
    }

    /// <summary>
    /// RFC 9380 F.2.1.2 (q = 3 mod 4): true and sqrt(u/v) when u/v is a square, else false and sqrt(Z·u/v).
    /// </summary>
    private static bool SqrtRatio(in Fp u, in Fp v, out Fp y)
    {
        var tv2 = Fp.Mul(u, v);
        var tv1 = Fp.Mul(Fp.Square(v), tv2);
        var y1 = Fp.Mul(Fp.PowSqrtExp(tv1), tv2);
        var isSquare = Fp.Mul(Fp.Square(y1), v).Equals(u);
        y = isSquare ? y1 : Fp.Mul(y1, SqrtMinusZ);
        return isSquare;
    }
}
