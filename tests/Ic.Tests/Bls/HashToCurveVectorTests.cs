using System.Numerics;
using System.Text;
using Canic.Fsm.Ic.Bls;
using Canic.Fsm.Ic.Tests.Support;

namespace Canic.Fsm.Ic.Tests.Bls;

public class HashToCurveVectorTests
{
    [Test]
    public void Expand_message_xmd_matches_RFC_9380_appendix_K1()
    {
        var suite = Vectors.Json("bls_vectors.json").GetProperty("rfc9380_expand_message_xmd_sha256");
        var dst = Encoding.ASCII.GetBytes(suite.GetProperty("dst").GetString()!);
        var count = 0;
        foreach (var v in suite.GetProperty("vectors").EnumerateArray())
        {
            var output = new byte[v.GetProperty("len_in_bytes").GetInt32()];
            HashToCurve.ExpandMessageXmd(Encoding.ASCII.GetBytes(v.GetProperty("msg").GetString()!), dst, output);
            Assert.That(output, Is.EqualTo(v.Hex("uniform_bytes")), v.GetProperty("msg").GetString());
            count++;
        }
        Assert.That(count, Is.GreaterThanOrEqualTo(3));
    }

    [Test]
    public void Hash_to_curve_matches_RFC_9380_appendix_J91()
    {
        var suite = Vectors.Json("bls_vectors.json").GetProperty("rfc9380_hash_to_curve_g1_ro");
        var dst = Encoding.ASCII.GetBytes(suite.GetProperty("dst").GetString()!);
        var count = 0;
        foreach (var v in suite.GetProperty("vectors").EnumerateArray())
        {
            var p = HashToCurve.HashToG1(Encoding.ASCII.GetBytes(v.GetProperty("msg").GetString()!), dst);
            p.ToAffine(out var x, out var y);
            Assert.That(x.ToBig(), Is.EqualTo(Big(v, "P_x")), v.GetProperty("msg").GetString());
            Assert.That(y.ToBig(), Is.EqualTo(Big(v, "P_y")), v.GetProperty("msg").GetString());
            Assert.That(G1.IsInSubgroupByOrder(p), Is.True);
            count++;
        }
        Assert.That(count, Is.EqualTo(5));
    }

    [Test]
    public void Hash_to_curve_with_the_IC_tag_matches_the_generated_vectors()
    {
        foreach (var v in Vectors.Json("bls_vectors.json").GetProperty("vectors").EnumerateArray())
        {
            var h = HashToCurve.HashToG1(v.Hex("message"), Canic.Fsm.Ic.Bls.Bls.Dst);
            Assert.That(PointEncoding.EncodeG1(h), Is.EqualTo(v.Hex("hash_to_curve_g1_compressed48")), v.GetProperty("name").GetString());
        }
    }

    private static BigInteger Big(System.Text.Json.JsonElement v, string property) =>
        new(v.Hex(property), isUnsigned: true, isBigEndian: true);
}
