using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Canic.Fsm.Ic.Bls;

/// <summary>
/// An element of the BLS12-381 base field F_p, held in Montgomery form (a·2^384 mod p) in six 64-bit limbs,
/// least significant first. Every operation returns a fully reduced value (in [0, p)), so equality is limb
/// equality. Multiplication is CIOS Montgomery with <see cref="Math.BigMul(ulong, ulong, out ulong)"/>; nothing
/// here allocates. Not constant-time: branches depend on values (fine for verification of public data).
/// </summary>
[SkipLocalsInit]
internal readonly struct Fp : IEquatable<Fp>, IField<Fp>
{
    internal readonly ulong L0, L1, L2, L3, L4, L5;

    // p, little-endian limbs.
    private const ulong P0 = 0xb9feffffffffaaab, P1 = 0x1eabfffeb153ffff, P2 = 0x6730d2a0f6b0f624,
        P3 = 0x64774b84f38512bf, P4 = 0x4b1ba7b6434bacd7, P5 = 0x1a0111ea397fe69a;

    // -p^-1 mod 2^64.
    private const ulong Inv = 0x89f3fffcfffcfffd;

    internal static readonly BigInteger Modulus = BigInteger.Parse(
        "01a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab",
        System.Globalization.NumberStyles.HexNumber);

    private static readonly BigInteger R = BigInteger.One << 384;

    /// <summary>R^2 mod p: multiplying a canonical value by it (Montgomery) converts it into Montgomery form.</summary>
    private static readonly Fp R2 = Raw(R * R % Modulus);

    internal static readonly Fp Zero = default;
    internal static readonly Fp One = FromBig(BigInteger.One);

    // (p - 3) / 4 and (p - 2): exponents of the square root and of the inverse.
    private static readonly ulong[] SqrtExp = Limbs((Modulus - 3) / 4);
    private static readonly ulong[] InvExp = Limbs(Modulus - 2);
    private static readonly ulong[] LegendreExp = Limbs((Modulus - 1) / 2);

    internal Fp(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4, ulong l5)
    {
        L0 = l0; L1 = l1; L2 = l2; L3 = l3; L4 = l4; L5 = l5;
    }

    public bool IsZero => (L0 | L1 | L2 | L3 | L4 | L5) == 0;

    static Fp IField<Fp>.ZeroValue => Zero;

    static Fp IField<Fp>.OneValue => One;

    internal bool IsOne => Equals(One);

    /// <summary>Converts a non-negative integer below p into Montgomery form (startup constants and tests).</summary>
    internal static Fp FromBig(BigInteger value)
    {
        var v = BigInteger.Remainder(value, Modulus);
        if (v.Sign < 0) v += Modulus;
        return Raw(v * R % Modulus);
    }

    /// <summary>The canonical integer (tests and startup only).</summary>
    internal BigInteger ToBig()
    {
        Span<byte> b = stackalloc byte[48];
        WriteBigEndian(b);
        return new BigInteger(b, isUnsigned: true, isBigEndian: true);
    }

    private static Fp Raw(BigInteger v)
    {
        var l = Limbs(v);
        return new Fp(l[0], l[1], l[2], l[3], l[4], l[5]);
    }

    internal static ulong[] Limbs(BigInteger v)
    {
        var limbs = new ulong[6];
        for (var i = 0; i < 6; i++)
        {
            limbs[i] = (ulong)(v & ulong.MaxValue);
            v >>= 64;
        }
        return limbs;
    }

    /// <summary>
    /// Reads a 48-byte big-endian integer; false when it is not below p (a non-canonical encoding).
    /// </summary>
    internal static bool TryFromBigEndian(ReadOnlySpan<byte> bytes, out Fp value)
    {
        var raw = new Fp(
            BinaryPrimitives.ReadUInt64BigEndian(bytes[40..]), BinaryPrimitives.ReadUInt64BigEndian(bytes[32..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]), BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), BinaryPrimitives.ReadUInt64BigEndian(bytes));
        if (!raw.IsBelowModulus())
        {
            value = default;
            return false;
        }
        value = Mul(raw, R2);
        return true;
    }

    /// <summary>Reads a 32-byte big-endian integer (always below p) into Montgomery form.</summary>
    internal static Fp FromBigEndian32(ReadOnlySpan<byte> bytes) => Mul(new Fp(
        BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]), BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), BinaryPrimitives.ReadUInt64BigEndian(bytes),
        0, 0), R2);

    /// <summary>Writes the canonical value as 48 big-endian bytes.</summary>
    internal void WriteBigEndian(Span<byte> destination)
    {
        var c = Mul(this, new Fp(1, 0, 0, 0, 0, 0));
        BinaryPrimitives.WriteUInt64BigEndian(destination, c.L5);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], c.L4);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], c.L3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], c.L2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[32..], c.L1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[40..], c.L0);
    }

    /// <summary>Canonical value mod 2 (RFC 9380 sgn0 for a prime field).</summary>
    internal bool Sgn0 => (Mul(this, new Fp(1, 0, 0, 0, 0, 0)).L0 & 1) == 1;

    /// <summary>
    /// True when the canonical value is greater than (p - 1) / 2, i.e. this is the larger of ±y: the ZCash
    /// "sort" flag of a compressed point.
    /// </summary>
    internal bool IsLexicographicallyLargest
    {
        get
        {
            var c = Mul(this, new Fp(1, 0, 0, 0, 0, 0));
            // c > (p-1)/2  <=>  2c > p - 1  <=>  2c >= p; 2c fits in 384 bits since c < p < 2^381.
            var d = new Fp(c.L0 << 1, (c.L1 << 1) | (c.L0 >> 63), (c.L2 << 1) | (c.L1 >> 63),
                (c.L3 << 1) | (c.L2 >> 63), (c.L4 << 1) | (c.L3 >> 63), (c.L5 << 1) | (c.L4 >> 63));
            return !d.IsBelowModulus();
        }
    }

    private bool IsBelowModulus()
    {
        // Compare from the most significant limb.
        if (L5 != P5) return L5 < P5;
        if (L4 != P4) return L4 < P4;
        if (L3 != P3) return L3 < P3;
        if (L2 != P2) return L2 < P2;
        if (L1 != P1) return L1 < P1;
        return L0 < P0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddC(ulong a, ulong b, ref ulong carry)
    {
        var s = a + b;
        var c1 = s < a ? 1UL : 0UL;
        var r = s + carry;
        var c2 = r < s ? 1UL : 0UL;
        carry = c1 | c2;
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SubB(ulong a, ulong b, ref ulong borrow)
    {
        var d = a - b;
        var b1 = a < b ? 1UL : 0UL;
        var r = d - borrow;
        var b2 = d < borrow ? 1UL : 0UL;
        borrow = b1 | b2;
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp Add(in Fp a, in Fp b)
    {
        ulong c = 0;
        var r0 = AddC(a.L0, b.L0, ref c);
        var r1 = AddC(a.L1, b.L1, ref c);
        var r2 = AddC(a.L2, b.L2, ref c);
        var r3 = AddC(a.L3, b.L3, ref c);
        var r4 = AddC(a.L4, b.L4, ref c);
        var r5 = AddC(a.L5, b.L5, ref c); // no carry out: a + b < 2p < 2^382
        return SubtractModulusIfNeeded(r0, r1, r2, r3, r4, r5);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Fp SubtractModulusIfNeeded(ulong r0, ulong r1, ulong r2, ulong r3, ulong r4, ulong r5)
    {
        ulong b = 0;
        var s0 = SubB(r0, P0, ref b);
        var s1 = SubB(r1, P1, ref b);
        var s2 = SubB(r2, P2, ref b);
        var s3 = SubB(r3, P3, ref b);
        var s4 = SubB(r4, P4, ref b);
        var s5 = SubB(r5, P5, ref b);
        return b != 0 ? new Fp(r0, r1, r2, r3, r4, r5) : new Fp(s0, s1, s2, s3, s4, s5);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp Sub(in Fp a, in Fp b)
    {
        ulong br = 0;
        var r0 = SubB(a.L0, b.L0, ref br);
        var r1 = SubB(a.L1, b.L1, ref br);
        var r2 = SubB(a.L2, b.L2, ref br);
        var r3 = SubB(a.L3, b.L3, ref br);
        var r4 = SubB(a.L4, b.L4, ref br);
        var r5 = SubB(a.L5, b.L5, ref br);
        if (br == 0) return new Fp(r0, r1, r2, r3, r4, r5);
        ulong c = 0;
        r0 = AddC(r0, P0, ref c);
        r1 = AddC(r1, P1, ref c);
        r2 = AddC(r2, P2, ref c);
        r3 = AddC(r3, P3, ref c);
        r4 = AddC(r4, P4, ref c);
        r5 = AddC(r5, P5, ref c);
        return new Fp(r0, r1, r2, r3, r4, r5);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp Double(in Fp a) => Add(a, a);

    public static Fp Neg(in Fp a) => a.IsZero ? a : Sub(Zero, a);

    /// <summary>a·b + c + carry as (hi, lo); cannot overflow 128 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mac(ulong a, ulong b, ulong c, ulong carry, out ulong lo)
    {
        ulong hi, l;
        if (Bmi2.X64.IsSupported)
        {
            // Two multiplications (high half by MULX, low half by IMUL) keep both halves in registers, where
            // Math.BigMul's out parameter goes through memory.
            hi = Bmi2.X64.MultiplyNoFlags(a, b);
            l = a * b;
        }
        else
        {
            hi = Math.BigMul(a, b, out l);
        }
        l += c;
        hi += l < c ? 1UL : 0UL;
        l += carry;
        hi += l < carry ? 1UL : 0UL;
        lo = l;
        return hi;
    }

    /// <summary>
    /// One round of CIOS Montgomery multiplication (the "no-carry" variant, valid because the top limb of p is
    /// below 2^63 - 1): t = (t + a·bi + m·p) / 2^64.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(in Fp a, ulong bi,
        ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3, ref ulong t4, ref ulong t5)
    {
        var A = Mac(a.L0, bi, t0, 0, out t0);
        var m = t0 * Inv;
        var C = Mac(m, P0, t0, 0, out _);
        A = Mac(a.L1, bi, t1, A, out t1);
        C = Mac(m, P1, t1, C, out t0);
        A = Mac(a.L2, bi, t2, A, out t2);
        C = Mac(m, P2, t2, C, out t1);
        A = Mac(a.L3, bi, t3, A, out t3);
        C = Mac(m, P3, t3, C, out t2);
        A = Mac(a.L4, bi, t4, A, out t4);
        C = Mac(m, P4, t4, C, out t3);
        A = Mac(a.L5, bi, t5, A, out t5);
        C = Mac(m, P5, t5, C, out t4);
        t5 = C + A;
    }

    public static Fp Mul(in Fp a, in Fp b)
    {
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0;
        Round(a, b.L0, ref t0, ref t1, ref t2, ref t3, ref t4, ref t5);
        Round(a, b.L1, ref t0, ref t1, ref t2, ref t3, ref t4, ref t5);
        Round(a, b.L2, ref t0, ref t1, ref t2, ref t3, ref t4, ref t5);
        Round(a, b.L3, ref t0, ref t1, ref t2, ref t3, ref t4, ref t5);
        Round(a, b.L4, ref t0, ref t1, ref t2, ref t3, ref t4, ref t5);
        Round(a, b.L5, ref t0, ref t1, ref t2, ref t3, ref t4, ref t5);
        return SubtractModulusIfNeeded(t0, t1, t2, t3, t4, t5);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp Square(in Fp a) => Mul(a, a);

    /// <summary>a^e for an exponent given as little-endian limbs (left-to-right square and multiply).</summary>
    internal static Fp Pow(in Fp a, ReadOnlySpan<ulong> exponent)
    {
        var result = One;
        var started = false;
        for (var i = exponent.Length - 1; i >= 0; i--)
        {
            for (var bit = 63; bit >= 0; bit--)
            {
                if (started) result = Square(result);
                if (((exponent[i] >> bit) & 1) == 1)
                {
                    result = started ? Mul(result, a) : a;
                    started = true;
                }
            }
        }
        return result;
    }

    /// <summary>The inverse (binary extended Euclid, variable-time); the inverse of zero is zero.</summary>
    public static Fp Inverse(in Fp a) => FpInversion.Invert(a);

    /// <summary>The inverse by Fermat (a^(p-2)): the slow reference for tests.</summary>
    internal static Fp InverseByFermat(in Fp a) => Pow(a, InvExp);

    /// <summary>a^((p-3)/4), the core of square roots and of RFC 9380 sqrt_ratio for p = 3 mod 4.</summary>
    internal static Fp PowSqrtExp(in Fp a) => Pow(a, SqrtExp);

    /// <summary>A square root when one exists (p = 3 mod 4: a^((p+1)/4)).</summary>
    internal static bool TrySqrt(in Fp a, out Fp root)
    {
        var r = Mul(PowSqrtExp(a), a);
        if (Square(r).Equals(a))
        {
            root = r;
            return true;
        }
        root = default;
        return false;
    }

    /// <summary>True when a is a square in F_p (zero included).</summary>
    internal static bool IsSquare(in Fp a)
    {
        var l = Pow(a, LegendreExp);
        return l.IsZero || l.IsOne;
    }

    public bool Equals(Fp other) =>
        L0 == other.L0 && L1 == other.L1 && L2 == other.L2 && L3 == other.L3 && L4 == other.L4 && L5 == other.L5;

    public override bool Equals(object? obj) => obj is Fp other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(L0, L1, L2, L3, L4, L5);

    public override string ToString() => ToBig().ToString("x");
}
