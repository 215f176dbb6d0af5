namespace Canic.Fsm.Ic.Bls;

/// <summary>F_p6 = F_p2[v] / (v^3 - ξ), ξ = 1 + u: C0 + C1·v + C2·v^2.</summary>
internal readonly struct Fp6 : IEquatable<Fp6>
{
    internal readonly Fp2 C0, C1, C2;

    internal Fp6(in Fp2 c0, in Fp2 c1, in Fp2 c2)
    {
        C0 = c0;
        C1 = c1;
        C2 = c2;
    }

    internal static readonly Fp6 Zero = default;
    internal static readonly Fp6 One = new(Fp2.One, Fp2.Zero, Fp2.Zero);

    internal bool IsZero => C0.IsZero && C1.IsZero && C2.IsZero;

    internal static Fp6 Add(in Fp6 a, in Fp6 b) => new(Fp2.Add(a.C0, b.C0), Fp2.Add(a.C1, b.C1), Fp2.Add(a.C2, b.C2));

    internal static Fp6 Sub(in Fp6 a, in Fp6 b) => new(Fp2.Sub(a.C0, b.C0), Fp2.Sub(a.C1, b.C1), Fp2.Sub(a.C2, b.C2));

    internal static Fp6 Neg(in Fp6 a) => new(Fp2.Neg(a.C0), Fp2.Neg(a.C1), Fp2.Neg(a.C2));

    /// <summary>Karatsuba over the cubic extension: six F_p2 multiplications.</summary>
    internal static Fp6 Mul(in Fp6 a, in Fp6 b)
    {
        var t0 = Fp2.Mul(a.C0, b.C0);
        var t1 = Fp2.Mul(a.C1, b.C1);
        var t2 = Fp2.Mul(a.C2, b.C2);
        var c0 = Fp2.Add(t0, Fp2.MulByXi(
            Fp2.Sub(Fp2.Sub(Fp2.Mul(Fp2.Add(a.C1, a.C2), Fp2.Add(b.C1, b.C2)), t1), t2)));
        var c1 = Fp2.Add(Fp2.Sub(Fp2.Sub(Fp2.Mul(Fp2.Add(a.C0, a.C1), Fp2.Add(b.C0, b.C1)), t0), t1),
            Fp2.MulByXi(t2));
        var c2 = Fp2.Add(Fp2.Sub(Fp2.Sub(Fp2.Mul(Fp2.Add(a.C0, a.C2), Fp2.Add(b.C0, b.C2)), t0), t2), t1);
        return new Fp6(c0, c1, c2);
    }

    /// <summary>Squaring (Chung-Hasan SQR2): two multiplications and three squarings in F_p2.</summary>
    internal static Fp6 Square(in Fp6 a)
    {
        var s0 = Fp2.Square(a.C0);
        var ab = Fp2.Mul(a.C0, a.C1);
        var s1 = Fp2.Double(ab);
        var s2 = Fp2.Square(Fp2.Add(Fp2.Sub(a.C0, a.C1), a.C2));
        var bc = Fp2.Mul(a.C1, a.C2);
        var s3 = Fp2.Double(bc);
        var s4 = Fp2.Square(a.C2);
        var c0 = Fp2.Add(s0, Fp2.MulByXi(s3));
        var c1 = Fp2.Add(s1, Fp2.MulByXi(s4));
        var c2 = Fp2.Sub(Fp2.Add(Fp2.Add(s1, s2), s3), Fp2.Add(s0, s4));
        return new Fp6(c0, c1, c2);
    }

    /// <summary>Multiplication by b0 + b1·v (the sparse shape of a Miller-loop line): five F_p2 multiplications.</summary>
    internal static Fp6 MulBy01(in Fp6 a, in Fp2 b0, in Fp2 b1)
    {
        var t0 = Fp2.Mul(a.C0, b0);
        var t1 = Fp2.Mul(a.C1, b1);
        var c0 = Fp2.Add(t0, Fp2.MulByXi(Fp2.Mul(a.C2, b1)));
        var c1 = Fp2.Sub(Fp2.Sub(Fp2.Mul(Fp2.Add(a.C0, a.C1), Fp2.Add(b0, b1)), t0), t1);
        var c2 = Fp2.Add(t1, Fp2.Mul(a.C2, b0));
        return new Fp6(c0, c1, c2);
    }

    /// <summary>Multiplication by b1·v: three F_p2 multiplications.</summary>
    internal static Fp6 MulBy1(in Fp6 a, in Fp2 b1) =>
        new(Fp2.MulByXi(Fp2.Mul(a.C2, b1)), Fp2.Mul(a.C0, b1), Fp2.Mul(a.C1, b1));

    /// <summary>Multiplication by v: (c0, c1, c2)·v = (ξ·c2, c0, c1).</summary>
    internal static Fp6 MulByV(in Fp6 a) => new(Fp2.MulByXi(a.C2), a.C0, a.C1);

    internal static Fp6 Inverse(in Fp6 a)
    {
        var c0 = Fp2.Sub(Fp2.Square(a.C0), Fp2.MulByXi(Fp2.Mul(a.C1, a.C2)));
        var c1 = Fp2.Sub(Fp2.MulByXi(Fp2.Square(a.C2)), Fp2.Mul(a.C0, a.C1));
        var c2 = Fp2.Sub(Fp2.Square(a.C1), Fp2.Mul(a.C0, a.C2));
        var t = Fp2.Add(Fp2.Mul(a.C0, c0), Fp2.MulByXi(Fp2.Add(Fp2.Mul(a.C2, c1), Fp2.Mul(a.C1, c2))));
        var inv = Fp2.Inverse(t);
        return new Fp6(Fp2.Mul(c0, inv), Fp2.Mul(c1, inv), Fp2.Mul(c2, inv));
    }

    public bool Equals(Fp6 other) => C0.Equals(other.C0) && C1.Equals(other.C1) && C2.Equals(other.C2);

    public override bool Equals(object? obj) => obj is Fp6 other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(C0, C1, C2);
}
