namespace Canic.Fsm.Ic.Bls;

/// <summary>One pairing argument: P in G1 and Q in G2, both affine (and both in their subgroups).</summary>
internal readonly record struct PairingInput(Fp Px, Fp Py, Fp2 Qx, Fp2 Qy);

/// <summary>
/// The optimal ate pairing of BLS12-381, as a product of pairings: the Miller loops run side by side over the
/// bits of |x| (x = -0xd201000000010000) sharing one accumulator, and one final exponentiation follows.
/// Lines are scaled by factors in proper subfields, which the final exponentiation removes.
/// </summary>
internal static class Pairing
{
    /// <summary>Π e(P_i, Q_i) == 1. Pairs with the identity on either side contribute 1 and may be passed as such.</summary>
    internal static bool ProductIsOne(ReadOnlySpan<PairingInput> pairs) => FinalExponentiation(MillerLoop(pairs)).IsOne;

    internal static Fp12 MillerLoop(ReadOnlySpan<PairingInput> pairs)
    {
        Span<Jacobian<Fp2>> t = pairs.Length <= 8 ? stackalloc Jacobian<Fp2>[pairs.Length] : new Jacobian<Fp2>[pairs.Length];
        Span<Fp> minusPx = pairs.Length <= 8 ? stackalloc Fp[pairs.Length] : new Fp[pairs.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            t[i] = Jacobian<Fp2>.FromAffine(pairs[i].Qx, pairs[i].Qy);
            minusPx[i] = Fp.Neg(pairs[i].Px);
        }

        var f = Fp12.One;
        for (var bit = 62; bit >= 0; bit--)
        {
            if (bit != 62) f = Fp12.Square(f);
            for (var i = 0; i < pairs.Length; i++)
            {
                DoubleStep(ref t[i], minusPx[i], pairs[i].Py, out var l0, out var l2, out var l3);
                f = Fp12.MulByLine(f, l0, l2, l3);
            }
            if (((G1.AbsX >> bit) & 1) == 0) continue;
            for (var i = 0; i < pairs.Length; i++)
            {
                AddStep(ref t[i], pairs[i].Qx, pairs[i].Qy, minusPx[i], pairs[i].Py, out var l0, out var l2, out var l3);
                f = Fp12.MulByLine(f, l0, l2, l3);
            }
        }
        // x is negative: f_{x,Q} = 1 / f_{|x|,Q}, up to a factor the final exponentiation removes.
        return Fp12.Conjugate(f);
    }

    /// <summary>
    /// T = 2T (dbl-2009-l) and the tangent at T evaluated at P, scaled by 2·Y·Z^3:
    /// (3X^3 - 2Y^2) - 3X^2·Z^2·xP·w^2 + 2Y·Z^3·yP·w^3.
    /// </summary>
    private static void DoubleStep(ref Jacobian<Fp2> t, in Fp minusPx, in Fp py, out Fp2 l0, out Fp2 l2, out Fp2 l3)
    {
        var zz = Fp2.Square(t.Z);
        var a = Fp2.Square(t.X);
        var b = Fp2.Square(t.Y);
        var c = Fp2.Square(b);
        var d = Fp2.Double(Fp2.Sub(Fp2.Sub(Fp2.Square(Fp2.Add(t.X, b)), a), c));
        var e = Fp2.Add(Fp2.Double(a), a);
        var f = Fp2.Square(e);
        var x3 = Fp2.Sub(f, Fp2.Double(d));
        var c8 = Fp2.Double(Fp2.Double(Fp2.Double(c)));
        var y3 = Fp2.Sub(Fp2.Mul(e, Fp2.Sub(d, x3)), c8);
        var z3 = Fp2.Double(Fp2.Mul(t.Y, t.Z));

        l0 = Fp2.Sub(Fp2.Mul(e, t.X), Fp2.Double(b));
        l2 = Fp2.MulByFp(Fp2.Mul(e, zz), minusPx);
        l3 = Fp2.MulByFp(Fp2.Mul(z3, zz), py);
        t = new Jacobian<Fp2>(x3, y3, z3);
    }

    /// <summary>
    /// T = T + Q (mixed addition, Q affine) and the line through T and Q evaluated at P, scaled by Z3 = 2·Z·H:
    /// (r·xQ - yQ·Z3) - r·xP·w^2 + Z3·yP·w^3 with r = 2(yQ·Z^3 - Y).
    /// </summary>
    private static void AddStep(ref Jacobian<Fp2> t, in Fp2 qx, in Fp2 qy, in Fp minusPx, in Fp py,
        out Fp2 l0, out Fp2 l2, out Fp2 l3)
    {
        var z1z1 = Fp2.Square(t.Z);
        var u2 = Fp2.Mul(qx, z1z1);
        var s2 = Fp2.Mul(Fp2.Mul(qy, t.Z), z1z1);
        var h = Fp2.Sub(u2, t.X);
        var hh = Fp2.Square(h);
        var i = Fp2.Double(Fp2.Double(hh));
        var j = Fp2.Mul(h, i);
        var r = Fp2.Double(Fp2.Sub(s2, t.Y));
        var v = Fp2.Mul(t.X, i);
        var x3 = Fp2.Sub(Fp2.Sub(Fp2.Square(r), j), Fp2.Double(v));
        var y3 = Fp2.Sub(Fp2.Mul(r, Fp2.Sub(v, x3)), Fp2.Double(Fp2.Mul(t.Y, j)));
        var z3 = Fp2.Sub(Fp2.Sub(Fp2.Square(Fp2.Add(t.Z, h)), z1z1), hh);

        l0 = Fp2.Sub(Fp2.Mul(r, qx), Fp2.Mul(qy, z3));
        l2 = Fp2.MulByFp(r, minusPx);
        l3 = Fp2.MulByFp(z3, py);
        t = new Jacobian<Fp2>(x3, y3, z3);
    }

    /// <summary>
    /// f^(3·(p^12 - 1)/r). Easy part f^((p^6 - 1)(p^2 + 1)); hard part from
    /// 3·(p^4 - p^2 + 1)/r = (x - 1)^2·(x + p)·(x^2 + p^2 - 1) + 3. The factor 3 is prime to the order of the
    /// cyclotomic subgroup (p^4 - p^2 + 1 = 1 mod 3), so "is one" is decided exactly as with the plain exponent.
    /// </summary>
    internal static Fp12 FinalExponentiation(in Fp12 f)
    {
        var t0 = Fp12.Mul(Fp12.Conjugate(f), Fp12.Inverse(f));
        var m = Fp12.Mul(Fp12.Frobenius(t0, 2), t0);

        var t = Fp12.Mul(ExpByX(m), Fp12.Conjugate(m));              // m^(x-1)
        var a = Fp12.Mul(ExpByX(t), Fp12.Conjugate(t));              // m^((x-1)^2)
        var b = Fp12.Mul(ExpByX(a), Fp12.Frobenius(a, 1));           // a^(x+p)
        var c = Fp12.Mul(Fp12.Mul(ExpByX(ExpByX(b)), Fp12.Frobenius(b, 2)), Fp12.Conjugate(b)); // b^(x^2+p^2-1)
        return Fp12.Mul(c, Fp12.Mul(m, Fp12.CyclotomicSquare(m)));  // · m^3
    }

    /// <summary>f^x for f in the cyclotomic subgroup (where the conjugate is the inverse, x being negative).</summary>
    private static Fp12 ExpByX(in Fp12 f)
    {
        var result = f;
        for (var bit = 62; bit >= 0; bit--)
        {
            result = Fp12.CyclotomicSquare(result);
            if (((G1.AbsX >> bit) & 1) == 1) result = Fp12.Mul(result, f);
        }
        return Fp12.Conjugate(result);
    }
}
