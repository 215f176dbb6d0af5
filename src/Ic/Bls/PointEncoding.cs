namespace Canic.Fsm.Ic.Bls;

/// <summary>
/// Compressed point encodings (the ZCash format the IC uses): big-endian x with three flags in the top bits of
/// the first byte, 0x80 compressed, 0x40 infinity, 0x20 "y is the lexicographically larger root". G2 puts the
/// imaginary part of x first. Decoding checks every flag, the field range, the curve equation and, unless told
/// otherwise, subgroup membership; it never throws on any input.
/// </summary>
internal static class PointEncoding
{
    internal const int G1Length = 48;
    internal const int G2Length = 96;

    private const byte CompressedFlag = 0x80, InfinityFlag = 0x40, SortFlag = 0x20, FlagMask = 0xe0;

    internal static BlsDecodeError TryDecodeG1(ReadOnlySpan<byte> bytes, out Jacobian<Fp> point, bool checkSubgroup = true)
    {
        point = Jacobian<Fp>.Identity;
        var error = ReadFlags(bytes, G1Length, out var sort, out var infinity);
        if (error != BlsDecodeError.None || infinity) return error;
        Span<byte> x = stackalloc byte[G1Length];
        bytes.CopyTo(x);
        x[0] &= unchecked((byte)~FlagMask);
        if (!Fp.TryFromBigEndian(x, out var px)) return BlsDecodeError.CoordinateNotInField;
        if (!Fp.TrySqrt(Fp.Add(Fp.Mul(Fp.Square(px), px), G1.B), out var py)) return BlsDecodeError.NotOnCurve;
        if (py.IsLexicographicallyLargest != sort) py = Fp.Neg(py);
        var candidate = Jacobian<Fp>.FromAffine(px, py);
        if (checkSubgroup && !G1.IsInSubgroup(candidate)) return BlsDecodeError.NotInSubgroup;
        point = candidate;
        return BlsDecodeError.None;
    }

    internal static BlsDecodeError TryDecodeG2(ReadOnlySpan<byte> bytes, out Jacobian<Fp2> point, bool checkSubgroup = true)
    {
        point = Jacobian<Fp2>.Identity;
        var error = ReadFlags(bytes, G2Length, out var sort, out var infinity);
        if (error != BlsDecodeError.None || infinity) return error;
        Span<byte> x1 = stackalloc byte[G1Length];
        bytes[..G1Length].CopyTo(x1);
        x1[0] &= unchecked((byte)~FlagMask);
        if (!Fp.TryFromBigEndian(x1, out var c1) || !Fp.TryFromBigEndian(bytes[G1Length..], out var c0))
        {
            return BlsDecodeError.CoordinateNotInField;
        }
        var px = new Fp2(c0, c1);
        if (!Fp2.TrySqrt(Fp2.Add(Fp2.Mul(Fp2.Square(px), px), G2.B), out var py)) return BlsDecodeError.NotOnCurve;
        if (py.IsLexicographicallyLargest != sort) py = Fp2.Neg(py);
        var candidate = Jacobian<Fp2>.FromAffine(px, py);
        if (checkSubgroup && !G2.IsInSubgroup(candidate)) return BlsDecodeError.NotInSubgroup;
        point = candidate;
        return BlsDecodeError.None;
    }

    /// <summary>
    /// Checks length and flags. For infinity the whole encoding must be 0xc0 followed by zeros, and
    /// <see cref="BlsDecodeError.Infinity"/> is returned so that callers cannot mistake it for a point.
    /// </summary>
    private static BlsDecodeError ReadFlags(ReadOnlySpan<byte> bytes, int length, out bool sort, out bool infinity)
    {
        sort = false;
        infinity = false;
        if (bytes.Length != length) return BlsDecodeError.WrongLength;
        var flags = bytes[0];
        if ((flags & CompressedFlag) == 0) return BlsDecodeError.NotCompressed;
        sort = (flags & SortFlag) != 0;
        if ((flags & InfinityFlag) == 0) return BlsDecodeError.None;
        infinity = true;
        if (sort || (flags & ~FlagMask) != 0 || bytes[1..].ContainsAnyExcept((byte)0)) return BlsDecodeError.NonCanonicalInfinity;
        return BlsDecodeError.Infinity;
    }

    internal static byte[] EncodeG1(in Jacobian<Fp> point)
    {
        var result = new byte[G1Length];
        if (point.IsIdentity)
        {
            result[0] = CompressedFlag | InfinityFlag;
            return result;
        }
        point.ToAffine(out var x, out var y);
        x.WriteBigEndian(result);
        result[0] |= (byte)(CompressedFlag | (y.IsLexicographicallyLargest ? SortFlag : 0));
        return result;
    }

    internal static byte[] EncodeG2(in Jacobian<Fp2> point)
    {
        var result = new byte[G2Length];
        if (point.IsIdentity)
        {
            result[0] = CompressedFlag | InfinityFlag;
            return result;
        }
        point.ToAffine(out var x, out var y);
        x.C1.WriteBigEndian(result);
        x.C0.WriteBigEndian(result.AsSpan(G1Length));
        result[0] |= (byte)(CompressedFlag | (y.IsLexicographicallyLargest ? SortFlag : 0));
        return result;
    }
}
