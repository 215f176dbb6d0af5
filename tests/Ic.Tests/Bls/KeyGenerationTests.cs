using System.Numerics;
using Canic.Fsm.Ic.Bls;

namespace Canic.Fsm.Ic.Tests.Bls;

/// <summary>Secret keys from a seed (IETF KeyGen, the same HKDF_mod_r as EIP-2333) and from their 32-byte form.</summary>
public class KeyGenerationTests
{
    [Test]
    public void A_seed_derives_the_key_of_the_EIP_2333_master_key_vector()
    {
        // EIP-2333 test case 0: derive_master_SK(seed) is HKDF_mod_r(seed), i.e. KeyGen with an empty key_info.
        var seed = Convert.FromHexString(
            "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04");
        var expected = BigInteger.Parse("6083874454709270928345386274498605044986640685124978867557563392430687146096");
        var key = BlsSecretKey.FromSeed(seed);
        Assert.That(new BigInteger(key.ToBytes(), isUnsigned: true, isBigEndian: true), Is.EqualTo(expected));
    }

    [Test]
    public void Key_generation_is_deterministic_and_depends_on_every_seed_byte()
    {
        var seed = Enumerable.Range(0, 40).Select(i => (byte)i).ToArray();
        Assert.That(BlsSecretKey.FromSeed(seed).ToBytes(), Is.EqualTo(BlsSecretKey.FromSeed(seed).ToBytes()));
        var flipped = (byte[])seed.Clone();
        flipped[^1] ^= 1;
        Assert.That(BlsSecretKey.FromSeed(flipped).ToBytes(), Is.Not.EqualTo(BlsSecretKey.FromSeed(seed).ToBytes()));
        Assert.That(BlsSecretKey.FromSeed(flipped).PublicKey.ToBytes(), Is.Not.EqualTo(BlsSecretKey.FromSeed(seed).PublicKey.ToBytes()));
    }

    [Test]
    public void A_seed_shorter_than_32_bytes_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BlsSecretKey.FromSeed(new byte[31]));
    }

    [Test]
    public void Secret_key_bytes_must_be_a_scalar_from_1_to_r_minus_1()
    {
        Assert.That(BlsSecretKey.TryFromBytes(Be32(BigInteger.Zero), out _), Is.False);
        Assert.That(BlsSecretKey.TryFromBytes(Be32(Scalar.Order), out _), Is.False);
        Assert.That(BlsSecretKey.TryFromBytes(Enumerable.Repeat((byte)0xff, 32).ToArray(), out _), Is.False);
        Assert.That(BlsSecretKey.TryFromBytes(new byte[31], out _), Is.False);
        Assert.That(BlsSecretKey.TryFromBytes(new byte[33], out _), Is.False);

        Assert.That(BlsSecretKey.TryFromBytes(Be32(BigInteger.One), out var one), Is.True);
        Assert.That(one!.PublicKey.ToBytes(), Is.EqualTo(PointEncoding.EncodeG2(G2.Generator)), "[1]g2 is the generator");
        Assert.That(BlsSecretKey.TryFromBytes(Be32(Scalar.Order - 1), out var minusOne), Is.True);
        Assert.That(minusOne!.PublicKey.ToBytes(), Is.EqualTo(PointEncoding.EncodeG2(Jacobian<Fp2>.Neg(G2.Generator))), "[r-1]g2 is -g2");
        Assert.That(minusOne.ToBytes(), Is.EqualTo(Be32(Scalar.Order - 1)));
    }

    private static byte[] Be32(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[32 - bytes.Length], .. bytes];
    }
}
