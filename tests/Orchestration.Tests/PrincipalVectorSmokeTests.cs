using Canic.Fsm.Orchestration.Ic;

namespace Canic.Fsm.Orchestration.Tests;

public class PrincipalVectorSmokeTests
{
    [TestCase("", "aaaaa-aa")]
    [TestCase("04", "2vxsx-fae")]
    [TestCase("abcd01", "em77e-bvlzu-aq")]
    [TestCase("00000000000000000101", "rwlgt-iiaaa-aaaaa-aaaaa-cai")]
    [TestCase("3d9bdaa34fe81df16699403f3e17d6030488fc8c9e37ab61036482d202", "e73il-iz5tp-nkgt7-idxyw-ngkah-47bpv-qdase-pzde6-g6vwc-a3eql-jae")]
    public void RoundTrips(string hex, string text)
    {
        var p = Principal.FromBytes(Convert.FromHexString(hex));
        Assert.That(p.ToString(), Is.EqualTo(text));
        Assert.That(Principal.Parse(text.ToUpperInvariant()), Is.EqualTo(p));
    }

    [TestCase("5T", "5000000000000")]
    [TestCase("2.5T", "2500000000000")]
    [TestCase("500B", "500000000000")]
    [TestCase("100M", "100000000")]
    public void CyclesParse(string text, string value) => Assert.That(Cycles.Parse(text).Value.ToString(), Is.EqualTo(value));
}
