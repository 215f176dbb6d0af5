using Canic.Fsm.Ic.Bls;
using Canic.Fsm.Ic.Tests.Support;
using BlsScheme = Canic.Fsm.Ic.Bls.Bls;

namespace Canic.Fsm.Ic.Tests.Bls;

public class SignatureVectorTests
{
    private sealed record Line(byte[] SecretKey, byte[] Message, byte[] Signature, byte[] PublicKey);

    private static List<Line> MinSigLines()
    {
        var lines = File.ReadAllLines(Vectors.Path("bls12381_min_sig_nul_vectors.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(':'))
            .Select(p => new Line(Convert.FromHexString(p[0]), Convert.FromHexString(p[1]),
                Convert.FromHexString(p[2]), Convert.FromHexString(p[3])))
            .ToList();
        Assert.That(lines, Has.Count.EqualTo(128));
        return lines;
    }

    [Test]
    public void Every_min_sig_line_verifies_and_signs_byte_for_byte()
    {
        foreach (var line in MinSigLines())
        {
            Assert.That(BlsScheme.Verify(line.PublicKey, line.Message, line.Signature), Is.True);
            Assert.That(BlsSecretKey.TryFromBytes(line.SecretKey, out var sk), Is.True);
            Assert.That(sk!.PublicKey.ToBytes(), Is.EqualTo(line.PublicKey));
            Assert.That(sk.Sign(line.Message).ToBytes(), Is.EqualTo(line.Signature));
        }
    }

    [Test]
    public void Every_min_sig_line_fails_against_its_neighbours_message_or_key()
    {
        var lines = MinSigLines();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var next = lines[(i + 1) % lines.Count];
            if (!next.Message.AsSpan().SequenceEqual(line.Message))
            {
                Assert.That(BlsScheme.Verify(line.PublicKey, next.Message, line.Signature), Is.False, $"line {i}: neighbour's message");
            }
            Assert.That(BlsScheme.Verify(next.PublicKey, line.Message, line.Signature), Is.False, $"line {i}: neighbour's key");
        }
    }

    [Test]
    public void Generated_keypairs_verify_and_their_negatives_fail()
    {
        var count = 0;
        foreach (var v in Vectors.Json("bls_vectors.json").GetProperty("vectors").EnumerateArray())
        {
            if (!v.TryGetProperty("secret_key_be32", out _)) continue;
            var name = v.GetProperty("name").GetString();
            var pk = v.Hex("public_key_g2_compressed96");
            var message = v.Hex("message");
            var sig = v.Hex("signature_g1_compressed48");
            Assert.That(BlsSecretKey.TryFromBytes(v.Hex("secret_key_be32"), out var sk), Is.True, name);
            Assert.That(sk!.PublicKey.ToBytes(), Is.EqualTo(pk), name);
            Assert.That(sk.Sign(message).ToBytes(), Is.EqualTo(sig), name);
            Assert.That(BlsScheme.Verify(pk, message, sig), Is.True, name);
            // The DER form is the 37-byte IC prefix followed by the raw key.
            Assert.That(v.Hex("public_key_der133")[^96..], Is.EqualTo(pk), name);

            var negative = v.GetProperty("negative");
            Assert.That(BlsScheme.Verify(pk, [.. message, 0], sig), Is.False, name);
            var flipped = negative.Hex("signature_last_bit_flipped");
            Assert.That(BlsScheme.Verify(pk, message, flipped), Is.False, name);
            var expected = negative.GetProperty("signature_last_bit_flipped_verify").GetString()!.Contains("subgroup")
                ? BlsDecodeError.NotInSubgroup
                : BlsDecodeError.NotOnCurve;
            Assert.That(BlsSignature.TryDecode(flipped, out _), Is.EqualTo(expected), name);
            count++;
        }
        Assert.That(count, Is.EqualTo(3));
    }

    [Test]
    public void Mainnet_triples_verify_and_fail_with_their_signatures_swapped()
    {
        var triples = Vectors.Json("bls_vectors.json").GetProperty("vectors").EnumerateArray()
            .Where(v => v.GetProperty("name").GetString()!.StartsWith("ic-mainnet", StringComparison.Ordinal))
            .Select(v => (Key: v.Hex("public_key_g2_compressed96"), Message: v.Hex("message"), Signature: v.Hex("signature_g1_compressed48")))
            .ToList();
        Assert.That(triples, Has.Count.EqualTo(2));
        foreach (var t in triples) Assert.That(BlsScheme.Verify(t.Key, t.Message, t.Signature), Is.True);
        Assert.That(BlsScheme.Verify(triples[0].Key, triples[0].Message, triples[1].Signature), Is.False);
        Assert.That(BlsScheme.Verify(triples[1].Key, triples[1].Message, triples[0].Signature), Is.False);
    }

    [Test]
    public void Certificate_signatures_verify_under_their_keys_and_the_tampered_ones_do_not()
    {
        var certs = Vectors.Json("certs.json");
        var rootKey = Convert.FromHexString(certs.GetProperty("root_key_raw_g2_hex").GetString()!);
        Assert.That(certs.Hex("root_key_der_hex")[^96..], Is.EqualTo(rootKey));
        var outcomes = new List<bool>();
        foreach (var v in certs.GetProperty("vectors").EnumerateArray())
        {
            var file = v.GetProperty("file").GetString()!;
            var certificate = Vectors.HexFile(file);
            var signature = v.Hex("signature");
            var message = v.Hex("signed_message");
            Assert.That(message[..14], Is.EqualTo("\ric-state-root"u8.ToArray()), file);
            Assert.That(message[14..], Is.EqualTo(v.Hex("root_hash")), file);
            Assert.That(Contains(certificate, signature), Is.True, $"{file}: the signature is the certificate's");

            var expected = v.GetProperty("outer_bls_ok");
            var outcome = BlsScheme.Verify(v.Hex("signing_key_der")[^96..], message, signature);
            Assert.That(outcome, Is.EqualTo(expected.ValueKind == System.Text.Json.JsonValueKind.True), file);
            outcomes.Add(outcome);
            if (file.Contains("sigflip", StringComparison.Ordinal))
            {
                Assert.That(BlsSignature.TryDecode(signature, out _), Is.EqualTo(BlsDecodeError.NotInSubgroup));
            }

            var delegation = v.GetProperty("delegation");
            if (delegation.ValueKind == System.Text.Json.JsonValueKind.Null)
            {
                Assert.That(v.Hex("signing_key_der")[^96..], Is.EqualTo(rootKey), $"{file}: signed by the root key");
                continue;
            }
            Assert.That(Contains(certificate, delegation.Hex("signature")), Is.True, file);
            Assert.That(Contains(certificate, v.Hex("signing_key_der")), Is.True, $"{file}: the subnet key is in the delegation");
            Assert.That(BlsScheme.Verify(rootKey, delegation.Hex("message"), delegation.Hex("signature")), Is.True, file);
            Assert.That(BlsScheme.Verify(rootKey, message, signature), Is.False, $"{file}: the outer signature is the subnet's, not the root's");
        }
        Assert.That(outcomes.Count(o => o), Is.EqualTo(7));
        Assert.That(outcomes.Count(o => !o), Is.EqualTo(2));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
