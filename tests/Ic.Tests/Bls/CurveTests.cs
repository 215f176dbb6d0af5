using System.Numerics;
using Canic.Fsm.Ic.Bls;

namespace Canic.Fsm.Ic.Tests.Bls;

public class CurveTests
{
    [Test]
    public void The_generators_are_on_their_curves_and_of_order_r()
    {
        G1.Generator.ToAffine(out var x1, out var y1);
        Assert.That(G1.IsOnCurve(x1, y1), Is.True);
        Assert.That(G1.IsInSubgroupByOrder(G1.Generator), Is.True);
        G2.Generator.ToAffine(out var x2, out var y2);
        Assert.That(G2.IsOnCurve(x2, y2), Is.True);
        Assert.That(G2.IsInSubgroupByOrder(G2.Generator), Is.True);
    }

    [Test]
    public void Fast_subgroup_checks_agree_with_multiplying_by_the_order()
    {
        var inG1 = 0;
        var outG1 = 0;
        foreach (var point in CurvePointsG1(12).Concat(Multiples(G1.Generator, 3)))
        {
            var expected = G1.IsInSubgroupByOrder(point);
            Assert.That(G1.IsInSubgroup(point), Is.EqualTo(expected));
            if (expected) inG1++; else outG1++;
        }
        var inG2 = 0;
        var outG2 = 0;
        foreach (var point in CurvePointsG2(8).Concat(Multiples(G2.Generator, 3)))
        {
            var expected = G2.IsInSubgroupByOrder(point);
            Assert.That(G2.IsInSubgroup(point), Is.EqualTo(expected));
            if (expected) inG2++; else outG2++;
        }
        Assert.That((inG1, outG1, inG2, outG2), Is.EqualTo((3, 12, 3, 8)));
    }

    [Test]
    public void Cleared_points_are_in_the_subgroup()
    {
        foreach (var point in CurvePointsG1(4))
        {
            Assert.That(G1.IsInSubgroupByOrder(G1.ClearCofactor(point)), Is.True);
        }
    }

    [Test]
    public void Encodings_round_trip()
    {
        foreach (var p in Multiples(G1.Generator, 5))
        {
            var bytes = PointEncoding.EncodeG1(p);
            Assert.That(PointEncoding.TryDecodeG1(bytes, out var decoded), Is.EqualTo(BlsDecodeError.None));
            Assert.That(Jacobian<Fp>.AreEqual(decoded, p), Is.True);
            bytes[0] ^= 0x20; // the other root: the negated point
            Assert.That(PointEncoding.TryDecodeG1(bytes, out var negated), Is.EqualTo(BlsDecodeError.None));
            Assert.That(Jacobian<Fp>.AreEqual(negated, Jacobian<Fp>.Neg(p)), Is.True);
        }
        foreach (var q in Multiples(G2.Generator, 5))
        {
            var bytes = PointEncoding.EncodeG2(q);
            Assert.That(PointEncoding.TryDecodeG2(bytes, out var decoded), Is.EqualTo(BlsDecodeError.None));
            Assert.That(Jacobian<Fp2>.AreEqual(decoded, q), Is.True);
        }
        Assert.That(Convert.ToHexStringLower(PointEncoding.EncodeG1(Jacobian<Fp>.Identity)), Is.EqualTo("c0" + new string('0', 94)));
    }

    [Test]
    public void Pairing_is_bilinear_and_not_degenerate()
    {
        var a = new BigInteger(0x1234_5678_9abc_def1);
        var b = new BigInteger(0x0fed_cba9_8765_4321);
        var aP = Jacobian<Fp>.Multiply(G1.Generator, Fp.Limbs(a));
        var bQ = Jacobian<Fp2>.Multiply(G2.Generator, Fp.Limbs(b));
        var abP = Jacobian<Fp>.Multiply(G1.Generator, Fp.Limbs(a * b % Scalar.Order));
        Assert.That(Pair(aP, bQ), Is.EqualTo(Pair(abP, G2.Generator)));
        Assert.That(Pair(aP, bQ), Is.Not.EqualTo(Pair(aP, G2.Generator)));
        Assert.That(Pair(G1.Generator, G2.Generator).IsOne, Is.False);
        Assert.That(ProductIsOne((aP, Jacobian<Fp2>.Neg(bQ)), (abP, G2.Generator)), Is.True);
        Assert.That(ProductIsOne((aP, bQ), (abP, G2.Generator)), Is.False);
    }

    [Test]
    public void Lines_prepared_beforehand_give_the_same_Miller_loop()
    {
        var p = Jacobian<Fp>.Multiply(G1.Generator, 12345);
        var q = Jacobian<Fp2>.Multiply(G2.Generator, 67890);
        var input = Input(p, q);
        var prepared = input with { Qx = default, Qy = default, Lines = Pairing.PrepareLines(input.Qx, input.Qy) };
        var other = Input(G1.Generator, G2.Generator);
        Assert.That(Pairing.MillerLoop([prepared, other]), Is.EqualTo(Pairing.MillerLoop([input, other])));
        Assert.That(Pairing.MillerLoop([other, prepared]), Is.EqualTo(Pairing.MillerLoop([other, input])));
        Assert.That(Pairing.MillerLoop([prepared]), Is.Not.EqualTo(Pairing.MillerLoop([other])));
    }

    private static Fp12 Pair(in Jacobian<Fp> p, in Jacobian<Fp2> q) =>
        Pairing.FinalExponentiation(Pairing.MillerLoop([Input(p, q)]));

    private static bool ProductIsOne((Jacobian<Fp> P, Jacobian<Fp2> Q) first, (Jacobian<Fp> P, Jacobian<Fp2> Q) second) =>
        Pairing.ProductIsOne([Input(first.P, first.Q), Input(second.P, second.Q)]);

    private static PairingInput Input(in Jacobian<Fp> p, in Jacobian<Fp2> q)
    {
        p.ToAffine(out var px, out var py);
        q.ToAffine(out var qx, out var qy);
        return new PairingInput(px, py, qx, qy);
    }

    internal static IEnumerable<Jacobian<TF>> Multiples<TF>(Jacobian<TF> generator, int count) where TF : struct, IField<TF>
    {
        for (var k = 1; k <= count; k++) yield return Jacobian<TF>.Multiply(generator, (ulong)(k * 7919 + 3));
    }

    /// <summary>Points of E(F_p) with small x: almost surely outside G1 (the cofactor is about 2^126).</summary>
    internal static IEnumerable<Jacobian<Fp>> CurvePointsG1(int count)
    {
        for (var x = 1; count > 0; x++)
        {
            var fx = Fp.FromBig(x);
            if (!Fp.TrySqrt(Fp.Add(Fp.Mul(Fp.Square(fx), fx), G1.B), out var y)) continue;
            count--;
            yield return Jacobian<Fp>.FromAffine(fx, y);
        }
    }

    /// <summary>Points of E'(F_p2) with small x: almost surely outside G2.</summary>
    internal static IEnumerable<Jacobian<Fp2>> CurvePointsG2(int count)
    {
        for (var x = 1; count > 0; x++)
        {
            var fx = new Fp2(Fp.FromBig(x), Fp.One);
            if (!Fp2.TrySqrt(Fp2.Add(Fp2.Mul(Fp2.Square(fx), fx), G2.B), out var y)) continue;
            count--;
            yield return Jacobian<Fp2>.FromAffine(fx, y);
        }
    }

    /// <summary>The smallest x ≥ 1 for which x^3 + 4 has (or has not) a square root.</summary>
    internal static Fp SmallX(bool onCurve)
    {
        for (var x = 1; ; x++)
        {
            var fx = Fp.FromBig(x);
            if (Fp.IsSquare(Fp.Add(Fp.Mul(Fp.Square(fx), fx), G1.B)) == onCurve) return fx;
        }
    }
}
