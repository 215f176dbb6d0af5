using System.Numerics;

namespace Canic.Fsm.Ic.Bls;

/// <summary>
/// One pairing argument: P in G1 and Q in G2, both affine (and both in their subgroups). <paramref name="Lines"/>, when
/// given, are Q's Miller-loop lines from <see cref="Pairing.PrepareLines"/> (for a fixed Q, such as -g2 in every
/// verification, computed once), and Q's coordinates are then not used.
/// </summary>
internal readonly record struct PairingInput(Fp Px, Fp Py, Fp2 Qx, Fp2 Qy, Fp2[]? Lines = null);

/// <summary>
/// The optimal ate pairing of BLS12-381, as a product of pairings: the Miller loops run side by side over the
/// bits of |x| (x = -0xd201000000010000) sharing one accumulator, and one final exponentiation follows.
/// A line depends on Q only, up to its evaluation at P: l0 + c2·(-xP)·w^2 + c3·yP·w^3. The loop first writes each Q's
/// coefficients (l0, c2, c3) for every step, then evaluates them at the P's; lines are scaled by factors in proper
/// subfields, which the final exponentiation removes.
/// </summary>
internal static class Pairing
{
    /// <summary>Steps of the Miller loop: a doubling per bit of |x| below the top one, an addition per further set bit.</summary>
    internal static readonly int Steps = 63 + BitOperations.PopCount(G1.AbsX) - 1;

    /// <summary>Fp2 coefficients per line.</summary>
    private const int PerLine = 3;

    /// <summary>Most unprepared points whose lines are kept on the stack (each takes about 20 KB).</summary>
    private const int StackPairs = 2;

    /// <summary>Π e(P_i, Q_i) == 1, for affine points other than the identity (callers refuse identities before).</summary>
    internal static bool ProductIsOne(ReadOnlySpan<PairingInput> pairs) => FinalExponentiation(MillerLoop(pairs)).IsOne;

    /// <summary>The Miller-loop lines of the affine point (qx, qy), for <see cref="PairingInput.Lines"/>.</summary>
    internal static Fp2[] PrepareLines(in Fp2 qx, in Fp2 qy)
    {
        var lines = new Fp2[Steps * PerLine];
        WriteLines(qx, qy, lines);
        return lines;
    }

    private static void WriteLines(in Fp2 qx, in Fp2 qy, Span<Fp2> lines)
    {
        var t = Jacobian<Fp2>.FromAffine(qx, qy);
        var k = 0;
        for (var bit = 62; bit >= 0; bit--)
        {
            DoubleStep(ref t, out lines[k], out lines[k + 1], out lines[k + 2]);
            k += PerLine;
            if (((G1.AbsX >> bit) & 1) == 0) continue;
            AddStep(ref t, qx, qy, out lines[k], out lines[k + 1], out lines[k + 2]);
            k += PerLine;
        }
    }

    internal static Fp12 MillerLoop(ReadOnlySpan<PairingInput> pairs)
    {
        // Lines of the points not prepared beforehand, one block of Steps·PerLine per such point.
        var own = 0;
        foreach (var pair in pairs) own += pair.Lines is null ? 1 : 0;
        Span<Fp2> lines = own <= StackPairs ? stackalloc Fp2[own * Steps * PerLine] : new Fp2[own * Steps * PerLine];
        Span<int> offsets = pairs.Length <= 8 ? stackalloc int[pairs.Length] : new int[pairs.Length];
        Span<Fp> minusPx = pairs.Length <= 8 ? stackalloc Fp[pairs.Length] : new Fp[pairs.Length];
        for (int i = 0, block = 0; i < pairs.Length; i++)
        {
            minusPx[i] = Fp.Neg(pairs[i].Px);
            if (pairs[i].Lines is not null) continue;
            offsets[i] = block * Steps * PerLine;
            WriteLines(pairs[i].Qx, pairs[i].Qy, lines.Slice(offsets[i], Steps * PerLine));
            block++;
        }

        var f = Fp12.One;
        for (var step = 0; step < Steps; step++)
        {
            // Every doubling but the first follows a squaring of f; the additions do not.
            if (step != 0 && !StepIsAddition[step]) f = Fp12.Square(f);
            for (var i = 0; i < pairs.Length; i++)
            {
                ReadOnlySpan<Fp2> line = pairs[i].Lines is { } prepared
                    ? prepared.AsSpan(step * PerLine, PerLine)
                    : lines.Slice(offsets[i] + step * PerLine, PerLine);
                f = Fp12.MulByLine(f, line[0], Fp2.MulByFp(line[1], minusPx[i]), Fp2.MulByFp(line[2], pairs[i].Py));
            }
        }
        // x is negative: f_{x,Q} = 1 / f_{|x|,Q}, up to a factor the final exponentiation removes.
        return Fp12.Conjugate(f);
    }

    /// <summary>Per step: the addition after a set bit's doubling (true) or a doubling (false), in loop order.</summary>
    private static readonly bool[] StepIsAddition = BuildStepKinds();

    private static bool[] BuildStepKinds()
    {
        var kinds = new List<bool>();
        for (var bit = 62; bit >= 0; bit--)
        {
            kinds.Add(false);
            if (((G1.AbsX >> bit) & 1) == 1) kinds.Add(true);
        }
        return [.. kinds];
    }

    /// <summary>
    /// T = 2T (dbl-2009-l) and the tangent at T, scaled by 2·Y·Z^3: l0 = 3X^3 - 2Y^2, c2 = 3X^2·Z^2, c3 = 2Y·Z^3
    /// (evaluated at P as l0 - c2·xP·w^2 + c3·yP·w^3).
    /// </summary>
    private static void DoubleStep(ref Jacobian<Fp2> t, out Fp2 l0, out Fp2 c2, out Fp2 c3)
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
        c2 = Fp2.Mul(e, zz);
        c3 = Fp2.Mul(z3, zz);
        t = new Jacobian<Fp2>(x3, y3, z3);
    }

    /// <summary>
    /// T = T + Q (mixed addition, Q affine) and the line through T and Q, scaled by Z3 = 2·Z·H:
    /// l0 = r·xQ - yQ·Z3, c2 = r, c3 = Z3 with r = 2(yQ·Z^3 - Y).
    /// </summary>
    private static void AddStep(ref Jacobian<Fp2> t, in Fp2 qx, in Fp2 qy, out Fp2 l0, out Fp2 c2, out Fp2 c3)
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
        c2 = r;
        c3 = z3;
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
