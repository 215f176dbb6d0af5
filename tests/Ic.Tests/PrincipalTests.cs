using Canic.Fsm.Ic;
using FsCheckProperty = FsCheck.NUnit.PropertyAttribute;

namespace Canic.Fsm.Ic.Tests;

public class PrincipalTests
{
    // Known encodings: the management canister, the anonymous principal, short and well-known canister ids and a
    // self-authenticating principal, each encoded, parsed and parsed again in upper case and with blanks around.
    [TestCase("", "aaaaa-aa")]
    [TestCase("04", "2vxsx-fae")]
    [TestCase("abcd01", "em77e-bvlzu-aq")]
    [TestCase("00000000000000000101", "rwlgt-iiaaa-aaaaa-aaaaa-cai")]
    [TestCase("00000000000000010101", "rrkah-fqaaa-aaaaa-aaaaq-cai")]
    [TestCase("0000000000000000ffff0101", "ovkpl-jaaaa-aaaaa-aaaap-77yba-e")]
    [TestCase("3d9bdaa34fe81df16699403f3e17d6030488fc8c9e37ab61036482d202", "e73il-iz5tp-nkgt7-idxyw-ngkah-47bpv-qdase-pzde6-g6vwc-a3eql-jae")]
    public void Vector_encodes_and_parses_in_any_case(string hex, string text)
    {
        var principal = Principal.FromBytes(Convert.FromHexString(hex));

        Assert.That(principal.ToString(), Is.EqualTo(text));
        Assert.That(principal.ToHex(), Is.EqualTo(hex));
        Assert.That(Principal.Parse(text), Is.EqualTo(principal));
        Assert.That(Principal.Parse(text.ToUpperInvariant()), Is.EqualTo(principal));
        Assert.That(Principal.Parse($"  {text} "), Is.EqualTo(principal));
    }

    [Test]
    public void Every_textual_principal_of_agent_js_matches()
    {
        // Lines "principal(0x<hex>): <text>"; "<empty>" is the empty principal.
        var lines = File.ReadAllLines(Vectors.Path("agent_js_vectors.txt")).Where(l => l.StartsWith("principal(0x", StringComparison.Ordinal)).ToList();
        Assert.That(lines, Has.Count.GreaterThanOrEqualTo(6));
        foreach (var line in lines)
        {
            var hex = line["principal(0x".Length..line.IndexOf(')', StringComparison.Ordinal)].Replace("<empty>", "", StringComparison.Ordinal);
            var text = line[(line.IndexOf("): ", StringComparison.Ordinal) + 3)..].Trim();
            Assert.That(Principal.FromBytes(Convert.FromHexString(hex)).ToString(), Is.EqualTo(text), line);
            Assert.That(Principal.Parse(text).ToHex(), Is.EqualTo(hex.ToLowerInvariant()), line);
        }
    }

    [Test]
    public void Well_known_principals()
    {
        Assert.That(Principal.ManagementCanister.ToString(), Is.EqualTo("aaaaa-aa"));
        Assert.That(Principal.Anonymous.ToString(), Is.EqualTo("2vxsx-fae"));
        Assert.That(default(Principal), Is.EqualTo(Principal.ManagementCanister));
    }

    [TestCase("", "empty")]
    [TestCase("   ", "empty")]
    [TestCase("em77f-bvlzu-aq", "checksum")]
    [TestCase("2vxsx-fa1", "base32")]
    [TestCase("2vxsx_fae", "base32")]
    [TestCase("aaa", "too short")]
    [TestCase("2vxs-xfae", "dashes")]
    [TestCase("2vxsxfae", "dashes")]
    [TestCase("aaaaa-ab", "canonical")]
    public void Invalid_text_is_refused_with_a_message_naming_it(string text, string why)
    {
        var error = Assert.Throws<FormatException>(() => Principal.Parse(text))!;

        Assert.That(error.Message, Does.Contain($"'{text}'"));
        Assert.That(error.Message, Does.Contain(why));
        Assert.That(Principal.TryParse(text, out _), Is.False);
    }

    [Test]
    public void Thirty_bytes_are_refused_when_parsing_and_building()
    {
        var thirty = new byte[30];
        var text = LongPrincipalText(thirty);

        Assert.That(() => Principal.FromBytes(thirty), Throws.ArgumentException.With.Message.Contains("30"));
        Assert.That(() => Principal.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains("more than 29"));
    }

    [Test]
    public void Ordering_is_by_bytes_with_a_prefix_first()
    {
        var a = Principal.FromBytes([1]);
        var ab = Principal.FromBytes([1, 0]);
        var b = Principal.FromBytes([2]);

        Assert.That(new[] { b, ab, a }.Order().ToArray(), Is.EqualTo(new[] { a, ab, b }));
        Assert.That(Principal.ManagementCanister.CompareTo(a), Is.LessThan(0));
    }

    [Test]
    public void Equal_principals_hash_alike_and_differ_from_others()
    {
        var one = Principal.Parse("rwlgt-iiaaa-aaaaa-aaaaa-cai");
        var same = Principal.FromBytes(Convert.FromHexString("00000000000000000101"));

        Assert.That(one == same, Is.True);
        Assert.That(one.GetHashCode(), Is.EqualTo(same.GetHashCode()));
        Assert.That(one != Principal.Parse("rrkah-fqaaa-aaaaa-aaaaq-cai"), Is.True);
    }

    [FsCheckProperty(MaxTest = 300)]
    public bool Bytes_round_trip_through_text(byte[] bytes)
    {
        var body = bytes.Take(Principal.MaxLength).ToArray();
        var text = Principal.FromBytes(body).ToString();
        return Principal.Parse(text).Bytes.SequenceEqual(body) && Principal.Parse(text.ToUpperInvariant()).ToString() == text;
    }

    [FsCheckProperty(MaxTest = 500)]
    public bool Canonical_fast_path_accepts_exactly_the_canonical_text(byte[] bytes, int tamperAt, byte tamper)
    {
        var text = Principal.FromBytes(bytes.Take(Principal.MaxLength).ToArray()).ToString();
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567-";
        var chars = text.ToCharArray();
        chars[(int)((uint)tamperAt % chars.Length)] = alphabet[tamper % alphabet.Length];
        var tampered = new string(chars);
        // Whatever the fast path accepts must be the canonical text of what it decoded, and the canonical text itself
        // must take the fast path (else every load would pay for the full parse).
        var accepted = CanonicalPrincipalText.TryDecode(tampered, out var body);
        return CanonicalPrincipalText.TryDecode(text, out var original) && Principal.FromBytes(original).ToString() == text
            && (!accepted || Principal.FromBytes(body).ToString() == tampered);
    }

    [TestCase("2vxsx-fae-")]
    [TestCase("2vxsx-faf")]
    [TestCase("2VXSX-FAE")]
    [TestCase(" 2vxsx-fae")]
    [TestCase("aaaaa-ab")]
    public void Fast_path_leaves_non_canonical_text_to_the_full_parse(string text) =>
        Assert.That(CanonicalPrincipalText.TryDecode(text, out _), Is.False);

    /// <summary>The textual form of more bytes than a principal may hold (the vectors above pin the checksum and base32).</summary>
    private static string LongPrincipalText(byte[] body)
    {
        var data = new byte[4 + body.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(data, Crc32.HashToUInt32(body));
        body.CopyTo(data, 4);
        return string.Join('-', Base32.Encode(data).Chunk(5).Select(c => new string(c)));
    }
}
