using System.Numerics;

namespace Canic.Fsm.Ic.Bls;

/// <summary>
/// F_p12 = F_p6[w] / (w^2 - v): C0 + C1·w. Seen as F_p2[w] / (w^6 - ξ), the element Σ a_k·w^k has
/// C0 = (a0, a2, a4) and C1 = (a1, a3, a5); the Frobenius tables below use that view.
/// </summary>
internal readonly struct Fp12 : IEquatable<Fp12>
{
    internal readonly Fp6 C0, C1;

    internal Fp12(in Fp6 c0, in Fp6 c1)
    {
        C0 = c0;
        C1 = c1;
    }

    internal static readonly Fp12 One = new(Fp6.One, Fp6.Zero);

    /// <summary>γ[k-1][j] = ξ^(j·(p^k - 1)/6) for k = 1..3, j = 0..5: (a_j·w^j)^(p^k) = conj^k(a_j)·γ·w^j.</summary>
    private static readonly Fp2[][] FrobeniusCoefficients = BuildFrobeniusCoefficients();

    private static Fp2[][] BuildFrobeniusCoefficients()
    {
        var xi = new Fp2(Fp.One, Fp.One);
        var table = new Fp2[3][];
        var pk = BigInteger.One;
        for (var k = 1; k <= 3; k++)
        {
            pk *= Fp.Modulus;
            var baseExp = (pk - 1) / 6;
            table[k - 1] = new Fp2[6];
            for (var j = 0; j < 6; j++) table[k - 1][j] = Fp2.Pow(xi, baseExp * j);
        }
        return table;
    }

    internal bool IsOne => Equals(One);

    internal static Fp12 Mul(in Fp12 a, in Fp12 b)
    {
        var t0 = Fp6.Mul(a.C0, b.C0);
        var t1 = Fp6.Mul(a.C1, b.C1);
        var c1 = Fp6.Sub(Fp6.Sub(Fp6.Mul(Fp6.Add(a.C0, a.C1), Fp6.Add(b.C0, b.C1)), t0), t1);
        return new Fp12(Fp6.Add(t0, Fp6.MulByV(t1)), c1);
    }

    /// <summary>Complex squaring: two F_p6 multiplications.</summary>
    internal static Fp12 Square(in Fp12 a)
    {
        var t = Fp6.Mul(a.C0, a.C1);
        var c0 = Fp6.Sub(Fp6.Sub(Fp6.Mul(Fp6.Add(a.C0, a.C1), Fp6.Add(a.C0, Fp6.MulByV(a.C1))), t), Fp6.MulByV(t));
        return new Fp12(c0, Fp6.Add(t, t));
    }

    /// <summary>
    /// Squaring in the cyclotomic subgroup (Granger and Scott, "Faster squaring in the cyclotomic subgroup of sixth
    /// degree extensions"): F_p12 seen as three F_p4 = F_p2[s]/(s^2 - ξ) pairs, each squared with three F_p2
    /// squarings; nine in all instead of the twelve F_p2 multiplications of <see cref="Square"/>.
    /// Only valid for elements of norm one (after the easy part of the final exponentiation).
    /// </summary>
    internal static Fp12 CyclotomicSquare(in Fp12 a)
    {
        // The pairs (g, h) stand for g + h·s; their squares give (ξh^2 + g^2, 2gh), and the result is
        // 3·(square) ∓ 2·(input) per coordinate.
        SquarePair(a.C0.C0, a.C1.C1, out var a0, out var a1);
        SquarePair(a.C1.C0, a.C0.C2, out var b0, out var b1);
        SquarePair(a.C0.C1, a.C1.C2, out var c0, out var c1);
        c1 = Fp2.MulByXi(c1);
        return new Fp12(
            new Fp6(Triple(a0, a.C0.C0, false), Triple(b0, a.C0.C1, false), Triple(c0, a.C0.C2, false)),
            new Fp6(Triple(c1, a.C1.C0, true), Triple(a1, a.C1.C1, true), Triple(b1, a.C1.C2, true)));
    }

    private static void SquarePair(in Fp2 g, in Fp2 h, out Fp2 real, out Fp2 twice)
    {
        var gg = Fp2.Square(g);
        var hh = Fp2.Square(h);
        twice = Fp2.Sub(Fp2.Sub(Fp2.Square(Fp2.Add(g, h)), gg), hh);
        real = Fp2.Add(Fp2.MulByXi(hh), gg);
    }

    /// <summary>3·t - 2·x, or 3·t + 2·x when <paramref name="plus"/>.</summary>
    private static Fp2 Triple(in Fp2 t, in Fp2 x, bool plus)
    {
        var d = Fp2.Double(plus ? Fp2.Add(t, x) : Fp2.Sub(t, x));
        return Fp2.Add(d, t);
    }

    /// <summary>
    /// Multiplication by a Miller-loop line l0 + l2·w^2 + l3·w^3, i.e. C0 = (l0, l2, 0) and C1 = (0, l3, 0).
    /// </summary>
    internal static Fp12 MulByLine(in Fp12 f, in Fp2 l0, in Fp2 l2, in Fp2 l3)
    {
        var t0 = Fp6.MulBy01(f.C0, l0, l2);
        var t1 = Fp6.MulBy1(f.C1, l3);
        var c1 = Fp6.Sub(Fp6.Sub(Fp6.MulBy01(Fp6.Add(f.C0, f.C1), l0, Fp2.Add(l2, l3)), t0), t1);
        return new Fp12(Fp6.Add(t0, Fp6.MulByV(t1)), c1);
    }

    /// <summary>The conjugate over F_p6: equals the p^6-th power, and the inverse on the cyclotomic subgroup.</summary>
    internal static Fp12 Conjugate(in Fp12 a) => new(a.C0, Fp6.Neg(a.C1));

    internal static Fp12 Inverse(in Fp12 a)
    {
        var t = Fp6.Sub(Fp6.Square(a.C0), Fp6.MulByV(Fp6.Square(a.C1)));
        var inv = Fp6.Inverse(t);
        return new Fp12(Fp6.Mul(a.C0, inv), Fp6.Neg(Fp6.Mul(a.C1, inv)));
    }

    /// <summary>a^(p^k) for k = 1, 2, 3.</summary>
    internal static Fp12 Frobenius(in Fp12 a, int k)
    {
        var g = FrobeniusCoefficients[k - 1];
        var odd = (k & 1) == 1;
        Fp2 F(in Fp2 x, in Fp2 gamma) => Fp2.Mul(odd ? Fp2.Conjugate(x) : x, gamma);
        return new Fp12(
            new Fp6(F(a.C0.C0, g[0]), F(a.C0.C1, g[2]), F(a.C0.C2, g[4])),
            new Fp6(F(a.C1.C0, g[1]), F(a.C1.C1, g[3]), F(a.C1.C2, g[5])));
    }

    public bool Equals(Fp12 other) => C0.Equals(other.C0) && C1.Equals(other.C1);

    public override bool Equals(object? obj) => obj is Fp12 other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(C0, C1);
}
