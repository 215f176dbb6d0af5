using Canic.Fsm.Ic.Bls;
using Canic.Fsm.Ic.Tests.Support;
using BlsScheme = Canic.Fsm.Ic.Bls.Bls;

namespace Canic.Fsm.Ic.Tests.Bls;

/// <summary>
/// Differential test against @noble/curves 2.4.0 (an independent implementation, run under Node from bench/noble):
/// over random keys and messages, noble derives the same public keys and signs the same bytes, and the two agree on
/// the verdict of every valid triple and of hostile variants of it (flipped bits, negated signature, points outside
/// the subgroup, identities, coordinates not below p, another key's signature, random point encodings).
/// </summary>
public class NobleCrossCheckTests
{
    private sealed record Case(string Label, byte[] PublicKey, byte[] Message, byte[] Signature, BlsSecretKey? SecretKey = null)
    {
        public object ToInput() => SecretKey is null
            ? new { msg = Hex(Message), pk = Hex(PublicKey), sig = Hex(Signature) }
            : new { msg = Hex(Message), pk = Hex(PublicKey), sig = Hex(Signature), sk = Hex(SecretKey.ToBytes()) };
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [Test]
    public void Noble_signs_the_same_bytes_and_agrees_on_every_verdict()
    {
        var random = new Random(11);
        var cases = new List<Case>();
        var outsideG1 = CurveTests.CurvePointsG1(3).Select(q => PointEncoding.EncodeG1(q)).ToArray();
        var outsideG2 = CurveTests.CurvePointsG2(2).Select(q => PointEncoding.EncodeG2(q)).ToArray();
        var other = BlsSecretKey.FromSeed(Enumerable.Repeat((byte)0xEE, 32).ToArray());
        for (var i = 0; i < 16; i++)
        {
            var seed = new byte[32 + random.Next(33)];
            random.NextBytes(seed);
            var key = BlsSecretKey.FromSeed(seed);
            var message = new byte[i == 0 ? 0 : i == 1 ? 1500 : 1 + random.Next(80)];
            random.NextBytes(message);
            var pk = key.PublicKey.ToBytes();
            var sig = key.Sign(message).ToBytes();
            cases.Add(new Case($"{i}: valid", pk, message, sig, key));
            cases.Add(new Case($"{i}: signature bit flipped", pk, message, FlipBit(random, sig)));
            cases.Add(new Case($"{i}: key bit flipped", FlipBit(random, pk), message, sig));
            cases.Add(new Case($"{i}: message changed", pk, [.. message, (byte)i], sig));
            cases.Add(new Case($"{i}: negated signature", pk, message, WithFirstByte(sig, (byte)(sig[0] ^ 0x20))));
            cases.Add(new Case($"{i}: another key's signature", pk, message, other.Sign(message).ToBytes()));
            cases.Add(new Case($"{i}: signature outside G1", pk, message, outsideG1[i % outsideG1.Length]));
            cases.Add(new Case($"{i}: key outside G2", outsideG2[i % outsideG2.Length], message, sig));
            cases.Add(new Case($"{i}: random signature encoding", pk, message, RandomPoint(random, 48)));
            cases.Add(new Case($"{i}: random key encoding", RandomPoint(random, 96), message, sig));
        }
        var identityG1 = new byte[48];
        identityG1[0] = 0xc0;
        var identityG2 = new byte[96];
        identityG2[0] = 0xc0;
        var valid = cases[0];
        cases.Add(new Case("identity signature", valid.PublicKey, valid.Message, identityG1));
        cases.Add(new Case("identity key", identityG2, valid.Message, valid.Signature));
        cases.Add(new Case("identity key and signature", identityG2, valid.Message, identityG1));
        var p = Fp.Modulus.ToByteArray(isUnsigned: true, isBigEndian: true);
        cases.Add(new Case("signature x = p", valid.PublicKey, valid.Message, WithFirstByte(p, (byte)(p[0] | 0x80))));

        var answers = Noble.Run("crosscheck.mjs", cases.Select(c => c.ToInput()).ToList());

        var accepted = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var ours = BlsScheme.Verify(c.PublicKey, c.Message, c.Signature);
            Assert.That(ours, Is.EqualTo(answers[i].GetProperty("verify").GetBoolean()), $"{c.Label}: ours {ours}, noble's the other");
            if (ours) accepted++;
            if (c.SecretKey is null) continue;
            Assert.That(Hex(c.PublicKey), Is.EqualTo(answers[i].GetProperty("pk").GetString()), $"{c.Label}: public key");
            Assert.That(Hex(c.Signature), Is.EqualTo(answers[i].GetProperty("sig").GetString()), $"{c.Label}: signature");
        }
        Assert.That(accepted, Is.EqualTo(16), "exactly the valid triples verify");
    }

    private static byte[] FlipBit(Random random, byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        var bit = random.Next(copy.Length * 8);
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    private static byte[] RandomPoint(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        bytes[0] = (byte)((bytes[0] & 0x1f) | 0x80);
        return bytes;
    }

    private static byte[] WithFirstByte(byte[] bytes, byte first)
    {
        var copy = (byte[])bytes.Clone();
        copy[0] = first;
        return copy;
    }
}
