using System.Numerics;

namespace Canic.Fsm.Ic.Bls;

/// <summary>F_p2 = F_p[u] / (u^2 + 1): C0 + C1·u.</summary>
internal readonly struct Fp2 : IEquatable<Fp2>, IField<Fp2>
{
    internal readonly Fp C0, C1;

    internal Fp2(in Fp c0, in Fp c1)
    {
        C0 = c0;
        C1 = c1;
    }

    internal static readonly Fp2 Zero = default;
    internal static readonly Fp2 One = new(Fp.One, Fp.Zero);

    /// <summary>1/2 in F_p.</summary>
    private static readonly Fp HalfOfOne = Fp.Inverse(Fp.FromBig(2));

    public bool IsZero => C0.IsZero && C1.IsZero;

    static Fp2 IField<Fp2>.ZeroValue => Zero;

    static Fp2 IField<Fp2>.OneValue => One;

    public static Fp2 Add(in Fp2 a, in Fp2 b) => new(Fp.Add(a.C0, b.C0), Fp.Add(a.C1, b.C1));

    public static Fp2 Sub(in Fp2 a, in Fp2 b) => new(Fp.Sub(a.C0, b.C0), Fp.Sub(a.C1, b.C1));

    public static Fp2 Double(in Fp2 a) => new(Fp.Double(a.C0), Fp.Double(a.C1));

    public static Fp2 Neg(in Fp2 a) => new(Fp.Neg(a.C0), Fp.Neg(a.C1));

    internal static Fp2 Conjugate(in Fp2 a) => new(a.C0, Fp.Neg(a.C1));

    /// <summary>Karatsuba: three base-field multiplications.</summary>
    public static Fp2 Mul(in Fp2 a, in Fp2 b)
    {
        var t0 = Fp.Mul(a.C0, b.C0);
        var t1 = Fp.Mul(a.C1, b.C1);
        var t2 = Fp.Mul(Fp.Add(a.C0, a.C1), Fp.Add(b.C0, b.C1));
        return new Fp2(Fp.Sub(t0, t1), Fp.Sub(Fp.Sub(t2, t0), t1));
    }

    internal static Fp2 MulByFp(in Fp2 a, in Fp b) => new(Fp.Mul(a.C0, b), Fp.Mul(a.C1, b));

    /// <summary>(a0 + a1·u)^2 = (a0 + a1)(a0 - a1) + 2·a0·a1·u.</summary>
    public static Fp2 Square(in Fp2 a)
    {
        var c0 = Fp.Mul(Fp.Add(a.C0, a.C1), Fp.Sub(a.C0, a.C1));
        var c1 = Fp.Mul(a.C0, a.C1);
        return new Fp2(c0, Fp.Double(c1));
    }

    /// <summary>Multiplication by the sextic non-residue ξ = 1 + u.</summary>
    internal static Fp2 MulByXi(in Fp2 a) => new(Fp.Sub(a.C0, a.C1), Fp.Add(a.C0, a.C1));

    /// <summary>The inverse (zero maps to zero).</summary>
    public static Fp2 Inverse(in Fp2 a)
    {
        var norm = Fp.Add(Fp.Square(a.C0), Fp.Square(a.C1));
        var inv = Fp.Inverse(norm);
        return new Fp2(Fp.Mul(a.C0, inv), Fp.Neg(Fp.Mul(a.C1, inv)));
    }

    internal static Fp2 Pow(in Fp2 a, ReadOnlySpan<ulong> exponent)
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

    /// <summary>a^e for an arbitrary exponent (startup constants only).</summary>
    internal static Fp2 Pow(in Fp2 a, BigInteger exponent)
    {
        var limbs = new List<ulong>();
        for (var e = exponent; e > 0; e >>= 64) limbs.Add((ulong)(e & ulong.MaxValue));
        return Pow(a, limbs.ToArray());
    }

    /// <summary>
    /// A square root when one exists, through the norm (p = 3 mod 4, u^2 = -1): a = a0 + a1·u is a square exactly when
    /// its norm n = a0^2 + a1^2 is one in F_p; with s = sqrt(n), one of (a0 ± s)/2 is a square t and the root is
    /// sqrt(t) + a1/(2·sqrt(t))·u. Two F_p exponentiations and one inversion, instead of two in F_p2.
    /// </summary>
    internal static bool TrySqrt(in Fp2 a, out Fp2 root)
    {
        root = default;
        if (a.C1.IsZero)
        {
            // A base-field element: sqrt(a0), or sqrt(-a0)·u when a0 is not a square (-1 is not one).
            if (Fp.TrySqrt(a.C0, out var r0))
            {
                root = new Fp2(r0, Fp.Zero);
                return true;
            }
            if (!Fp.TrySqrt(Fp.Neg(a.C0), out var r1)) return false;
            root = new Fp2(Fp.Zero, r1);
            return true;
        }
        if (!Fp.TrySqrt(Fp.Add(Fp.Square(a.C0), Fp.Square(a.C1)), out var s)) return false;
        // t = (a0 + s)/2 is not zero (else a1 = 0). c = t^((p+1)/4) is sqrt(t) when t is a square, and sqrt(-t)
        // otherwise; then (a0 - s)/2 = -a1^2/(4t) = (a1/(2c))^2 is the square, and the root is a1/(2c) + c·u.
        var t = Fp.Mul(Fp.Add(a.C0, s), HalfOfOne);
        var c = Fp.Mul(Fp.PowSqrtExp(t), t);
        var halfA1OverC = Fp.Mul(Fp.Mul(a.C1, HalfOfOne), Fp.Inverse(c));
        var candidate = Fp.Square(c).Equals(t) ? new Fp2(c, halfA1OverC) : new Fp2(halfA1OverC, c);
        if (!Square(candidate).Equals(a)) return false;
        root = candidate;
        return true;
    }

    /// <summary>
    /// The ZCash sort flag for F_p2: the imaginary part decides, the real part only when the imaginary part is zero.
    /// </summary>
    internal bool IsLexicographicallyLargest =>
        C1.IsZero ? C0.IsLexicographicallyLargest : C1.IsLexicographicallyLargest;

    public bool Equals(Fp2 other) => C0.Equals(other.C0) && C1.Equals(other.C1);

    public override bool Equals(object? obj) => obj is Fp2 other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(C0, C1);

    public override string ToString() => $"({C0}, {C1})";
}
