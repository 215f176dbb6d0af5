using System.Numerics;
using Canic.Fsm.Ic.Bls;
using BlsScheme = Canic.Fsm.Ic.Bls.Bls;

namespace Canic.Fsm.Ic.Tests.Bls;

/// <summary>
/// Every way a compressed point can be invalid, for signatures (G1) and keys (G2): each is refused by decoding with
/// its own reason, and a verification that meets it returns false.
/// </summary>
public class EncodingRejectionTests
{
    private static readonly BlsSecretKey Key = BlsSecretKey.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly byte[] Message = "hostile"u8.ToArray();
    private static readonly byte[] Signature = Key.Sign(Message).ToBytes();
    private static readonly byte[] PublicKey = Key.PublicKey.ToBytes();

    private static void AssertRefusedSignature(byte[] bytes, BlsDecodeError expected)
    {
        Assert.That(BlsSignature.TryDecode(bytes, out var decoded), Is.EqualTo(expected), Convert.ToHexString(bytes));
        Assert.That(decoded, Is.Null);
        Assert.That(BlsScheme.Verify(PublicKey, Message, bytes), Is.False);
    }

    private static void AssertRefusedKey(byte[] bytes, BlsDecodeError expected)
    {
        Assert.That(BlsPublicKey.TryDecode(bytes, out var decoded), Is.EqualTo(expected), Convert.ToHexString(bytes));
        Assert.That(decoded, Is.Null);
        Assert.That(BlsScheme.Verify(bytes, Message, Signature), Is.False);
    }

    [Test]
    public void The_valid_pair_verifies()
    {
        Assert.That(BlsScheme.Verify(PublicKey, Message, Signature), Is.True);
    }

    [TestCase(0)]
    [TestCase(47)]
    [TestCase(49)]
    [TestCase(96)]
    public void A_signature_of_the_wrong_length_is_refused(int length) =>
        AssertRefusedSignature(Signature.Concat(new byte[96]).Take(length).ToArray(), BlsDecodeError.WrongLength);

    [TestCase(0)]
    [TestCase(48)]
    [TestCase(95)]
    [TestCase(97)]
    public void A_key_of_the_wrong_length_is_refused(int length) =>
        AssertRefusedKey(PublicKey.Concat(new byte[96]).Take(length).ToArray(), BlsDecodeError.WrongLength);

    [Test]
    public void Uncompressed_encodings_are_refused()
    {
        AssertRefusedSignature(WithFirstByte(Signature, (byte)(Signature[0] & 0x7f)), BlsDecodeError.NotCompressed);
        AssertRefusedKey(WithFirstByte(PublicKey, (byte)(PublicKey[0] & 0x7f)), BlsDecodeError.NotCompressed);
    }

    [TestCase(0xc0, 0, BlsDecodeError.Infinity, TestName = "the canonical identity is refused as a point")]
    [TestCase(0xe0, 0, BlsDecodeError.NonCanonicalInfinity, TestName = "identity with the sort flag")]
    [TestCase(0xc1, 0, BlsDecodeError.NonCanonicalInfinity, TestName = "identity with a coordinate bit in the flag byte")]
    [TestCase(0xc0, 1, BlsDecodeError.NonCanonicalInfinity, TestName = "identity with a coordinate bit set")]
    [TestCase(0x40, 0, BlsDecodeError.NotCompressed, TestName = "identity without the compression flag")]
    [TestCase(0x00, 0, BlsDecodeError.NotCompressed, TestName = "all zeros")]
    public void Identity_encodings_are_refused(int flags, int lastByte, BlsDecodeError expected)
    {
        var g1 = new byte[48];
        var g2 = new byte[96];
        g1[0] = g2[0] = (byte)flags;
        g1[^1] = g2[^1] = (byte)lastByte;
        AssertRefusedSignature(g1, expected);
        AssertRefusedKey(g2, expected);
    }

    [Test]
    public void Coordinates_not_below_p_are_refused()
    {
        foreach (var x in new[] { Fp.Modulus, Fp.Modulus + 1, (BigInteger.One << 381) - 1 })
        {
            var bytes = Coordinate(x);
            AssertRefusedSignature(Compressed(bytes), BlsDecodeError.CoordinateNotInField);
            // Either half of an F_p2 coordinate: the imaginary part comes first.
            AssertRefusedKey(Compressed([.. bytes, .. new byte[48]]), BlsDecodeError.CoordinateNotInField);
            AssertRefusedKey(Compressed([.. new byte[48], .. bytes]), BlsDecodeError.CoordinateNotInField);
        }
    }

    [Test]
    public void The_largest_coordinate_below_p_is_read_as_a_field_element()
    {
        // p - 1 passes the range check: whatever it is refused for, it is not the range.
        var bytes = Compressed(Coordinate(Fp.Modulus - 1));
        Assert.That(BlsSignature.TryDecode(bytes, out _), Is.Not.EqualTo(BlsDecodeError.CoordinateNotInField));
    }

    [Test]
    public void Points_not_on_the_curve_are_refused()
    {
        var g1 = new byte[48];
        CurveTests.SmallX(onCurve: false).WriteBigEndian(g1);
        AssertRefusedSignature(Compressed(g1), BlsDecodeError.NotOnCurve);

        var x2 = Enumerable.Range(1, 100).Select(k => new Fp2(Fp.FromBig(k), Fp.One))
            .First(x => !Fp2.TrySqrt(Fp2.Add(Fp2.Mul(Fp2.Square(x), x), G2.B), out _));
        var g2 = new byte[96];
        x2.C1.WriteBigEndian(g2);
        x2.C0.WriteBigEndian(g2.AsSpan(48));
        AssertRefusedKey(Compressed(g2), BlsDecodeError.NotOnCurve);
    }

    [Test]
    public void Points_on_the_curve_outside_the_subgroup_are_refused()
    {
        foreach (var point in CurveTests.CurvePointsG1(4))
        {
            AssertRefusedSignature(PointEncoding.EncodeG1(point), BlsDecodeError.NotInSubgroup);
        }
        foreach (var point in CurveTests.CurvePointsG2(3))
        {
            AssertRefusedKey(PointEncoding.EncodeG2(point), BlsDecodeError.NotInSubgroup);
        }
        // x = 0: (0, ±2) has order 3 on E.
        var zero = new byte[48];
        AssertRefusedSignature(Compressed(zero), BlsDecodeError.NotInSubgroup);
    }

    [Test]
    public void The_other_root_of_a_valid_signature_is_its_negation_and_does_not_verify()
    {
        var negated = WithFirstByte(Signature, (byte)(Signature[0] ^ 0x20));
        Assert.That(BlsSignature.TryDecode(negated, out _), Is.EqualTo(BlsDecodeError.None));
        Assert.That(BlsScheme.Verify(PublicKey, Message, negated), Is.False);
    }

    private static byte[] Coordinate(BigInteger x)
    {
        var bytes = x.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[48 - bytes.Length], .. bytes];
    }

    private static byte[] Compressed(byte[] x) => WithFirstByte(x, (byte)(x[0] | 0x80));

    private static byte[] WithFirstByte(byte[] bytes, byte first)
    {
        var copy = (byte[])bytes.Clone();
        copy[0] = first;
        return copy;
    }
}
