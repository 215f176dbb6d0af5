using System.Numerics;
using Canic.Fsm.Ic.Bls;
using FsCheckProperty = FsCheck.NUnit.PropertyAttribute;

namespace Canic.Fsm.Ic.Tests.Bls;

public class FieldTests
{
    private static readonly BigInteger P = Fp.Modulus;

    private static BigInteger Element(byte[] bytes) =>
        new BigInteger(bytes.Concat(new byte[48]).Take(48).ToArray(), isUnsigned: true) % P;

    [FsCheckProperty(MaxTest = 300)]
    public bool Arithmetic_matches_big_integers(byte[] left, byte[] right)
    {
        var a = Element(left);
        var b = Element(right);
        var fa = Fp.FromBig(a);
        var fb = Fp.FromBig(b);
        return Fp.Mul(fa, fb).ToBig() == a * b % P
            && Fp.Square(fa).ToBig() == a * a % P
            && Fp.Add(fa, fb).ToBig() == (a + b) % P
            && Fp.Sub(fa, fb).ToBig() == ((a - b) % P + P) % P
            && Fp.Neg(fa).ToBig() == (P - a) % P;
    }

    [FsCheckProperty(MaxTest = 200)]
    public bool Inverse_by_binary_gcd_matches_Fermat(byte[] bytes)
    {
        var a = Fp.FromBig(Element(bytes));
        var inverse = Fp.Inverse(a);
        return inverse.Equals(Fp.InverseByFermat(a)) && (a.IsZero ? inverse.IsZero : Fp.Mul(a, inverse).IsOne);
    }

    [Test]
    public void Inverse_of_edge_values()
    {
        foreach (var v in new[] { BigInteger.One, 2, P - 1, P - 2, (P - 1) / 2, BigInteger.One << 380 })
        {
            var a = Fp.FromBig(v);
            Assert.That(Fp.Mul(a, Fp.Inverse(a)).IsOne, Is.True, v.ToString("x"));
        }
        Assert.That(Fp.Inverse(Fp.Zero).IsZero, Is.True);
    }

    [FsCheckProperty(MaxTest = 100)]
    public bool Square_roots_exist_exactly_for_squares(byte[] bytes)
    {
        var a = Fp.FromBig(Element(bytes));
        var square = Fp.Square(a);
        var found = Fp.TrySqrt(square, out var root) && Fp.Square(root).Equals(square);
        // p = 3 mod 4, so -1 is not a square and exactly one of ±a^2 has a root (a != 0).
        var negated = Fp.TrySqrt(Fp.Neg(square), out _);
        return found && (a.IsZero || !negated) && Fp.IsSquare(square);
    }

    [FsCheckProperty(MaxTest = 60)]
    public bool Fp2_square_roots_and_inverses(byte[] re, byte[] im)
    {
        var a = new Fp2(Fp.FromBig(Element(re)), Fp.FromBig(Element(im)));
        var square = Fp2.Square(a);
        var rooted = Fp2.TrySqrt(square, out var root) && Fp2.Square(root).Equals(square);
        var inverted = a.IsZero || Fp2.Mul(a, Fp2.Inverse(a)).Equals(Fp2.One);
        return rooted && inverted && Fp2.Square(a).Equals(Fp2.Mul(a, a));
    }

    [Test]
    public void Elements_of_the_base_field_and_pure_imaginary_ones_have_roots_in_Fp2()
    {
        // Every element of F_p is a square in F_p2: either a0 or -a0 has a root in F_p.
        foreach (var a0 in new[] { Fp.FromBig(4), Fp.FromBig(3), Fp.Neg(Fp.FromBig(4)), Fp.Zero, Fp.Neg(Fp.One) })
        {
            foreach (var a in new[] { new Fp2(a0, Fp.Zero), new Fp2(Fp.Zero, a0) })
            {
                Assert.That(Fp2.TrySqrt(a, out var root), Is.True, a.ToString());
                Assert.That(Fp2.Square(root), Is.EqualTo(a), a.ToString());
            }
        }
    }

    [Test]
    public void A_non_square_of_Fp2_has_no_root()
    {
        // ξ = 1 + u is the sextic non-residue, so it is not a square.
        Assert.That(Fp2.TrySqrt(new Fp2(Fp.One, Fp.One), out _), Is.False);
    }

    [Test]
    public void Encoding_is_canonical_and_rejects_values_not_below_p()
    {
        var pBytes = P.ToByteArray(isUnsigned: true, isBigEndian: true);
        Assert.That(Fp.TryFromBigEndian(pBytes, out _), Is.False);
        var pMinusOne = (P - 1).ToByteArray(isUnsigned: true, isBigEndian: true);
        Assert.That(Fp.TryFromBigEndian(pMinusOne, out var max), Is.True);
        var written = new byte[48];
        max.WriteBigEndian(written);
        Assert.That(written, Is.EqualTo(pMinusOne));
        Assert.That(Fp.TryFromBigEndian(Enumerable.Repeat((byte)0xff, 48).ToArray(), out _), Is.False);
    }

    [Test]
    public void Frobenius_powers_compose_and_the_twelfth_is_the_identity()
    {
        var f = SampleFp12();
        Assert.That(Fp12.Frobenius(Fp12.Frobenius(f, 1), 1), Is.EqualTo(Fp12.Frobenius(f, 2)));
        Assert.That(Fp12.Frobenius(Fp12.Frobenius(f, 1), 2), Is.EqualTo(Fp12.Frobenius(f, 3)));
        var g = f;
        for (var i = 0; i < 4; i++) g = Fp12.Frobenius(g, 3);
        Assert.That(g, Is.EqualTo(f));
        Assert.That(Fp12.Frobenius(f, 1), Is.Not.EqualTo(f));
        // The p^6-th power is the conjugate.
        Assert.That(Fp12.Frobenius(Fp12.Frobenius(f, 3), 3), Is.EqualTo(Fp12.Conjugate(f)));
    }

    [Test]
    public void Cyclotomic_squaring_equals_squaring_in_the_cyclotomic_subgroup_only()
    {
        var f = SampleFp12();
        var t = Fp12.Mul(Fp12.Conjugate(f), Fp12.Inverse(f));
        var m = Fp12.Mul(Fp12.Frobenius(t, 2), t); // f^((p^6-1)(p^2+1)): norm one
        Assert.That(Fp12.CyclotomicSquare(m), Is.EqualTo(Fp12.Square(m)));
        Assert.That(Fp12.Mul(m, Fp12.Conjugate(m)).IsOne, Is.True);
        Assert.That(Fp12.CyclotomicSquare(f), Is.Not.EqualTo(Fp12.Square(f)));
        Assert.That(Fp12.Mul(f, Fp12.Inverse(f)).IsOne, Is.True);
    }

    internal static Fp12 SampleFp12()
    {
        var k = 1;
        Fp2 Next() => new(Fp.FromBig(BigInteger.Pow(7, k++ * 37) % P), Fp.FromBig(BigInteger.Pow(11, k++ * 41) % P));
        return new Fp12(new Fp6(Next(), Next(), Next()), new Fp6(Next(), Next(), Next()));
    }
}
