using Canic.Fsm.Ic.Certificates;
using Canic.Fsm.Ic.Envelope;
using Microsoft.Extensions.Time.Testing;
using static Canic.Fsm.Ic.Tests.Support.TreeBuilder;

namespace Canic.Fsm.Ic.Tests.Certificates;

/// <summary>
/// Delegation rules on constructed certificates. The signature is not what these test, so they use a verifier
/// that accepts any signature (the real verifier is exercised by the certs.json vectors and the HTTP tests).
/// </summary>
public class DelegationTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Principal Subnet = Principal.FromBytes([0xAA, 0x02]);
    private static readonly byte[] SubnetKey = Convert.FromHexString("308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100" + new string('1', 192));

    private static CertificateVerifier Verifier() =>
        new(AcceptAnySignature.Instance, CertificateVerifier.MainnetRootKey, new ServerClock(new FakeTimeProvider(Now)));

    private static byte[] Delegated(params (byte[][], HashTree)[] delegationLeaves)
    {
        var inner = Certificate(Build([Leaf(TimeLeaf(Now), "time"), .. delegationLeaves]), new byte[48]);
        return Certificate(Build([Leaf(TimeLeaf(Now), "time")]), new byte[48], Subnet, inner);
    }

    private static (byte[][], HashTree) Key => Leaf(SubnetKey, "subnet", Subnet, "public_key");

    [Test]
    public void The_sharded_layout_reads_the_greatest_shard_label_not_above_the_canister()
    {
        // Shards at 0 and 100 with ranges [0,49] and [100,199]; a later shard at 300 must not be chosen for 150.
        var certificate = Delegated(Key,
            Leaf(Ranges((Canister(0), Canister(49))), "canister_ranges", Subnet, Canister(0)),
            Leaf(Ranges((Canister(100), Canister(199))), "canister_ranges", Subnet, Canister(100)),
            Leaf(Ranges((Canister(300), Canister(399))), "canister_ranges", Subnet, Canister(300)));
        var verifier = Verifier();
        Assert.That(verifier.Verify(certificate, Canister(150)).SubnetId, Is.EqualTo(Subnet));
        Assert.That(verifier.Verify(certificate, Canister(49)).SubnetId, Is.EqualTo(Subnet));
        Assert.That(Assert.Throws<CertificateException>(() => verifier.Verify(certificate, Canister(250)))!.Failure, Is.EqualTo(CertificateFailure.CanisterNotInRanges));
        Assert.That(Assert.Throws<CertificateException>(() => verifier.Verify(certificate, Canister(50)))!.Failure, Is.EqualTo(CertificateFailure.CanisterNotInRanges));
    }

    [Test]
    public void A_canister_below_every_shard_is_not_authorized()
    {
        var certificate = Delegated(Key, Leaf(Ranges((Canister(10), Canister(20))), "canister_ranges", Subnet, Canister(10)));
        Assert.That(Assert.Throws<CertificateException>(() => Verifier().Verify(certificate, Canister(5)))!.Failure, Is.EqualTo(CertificateFailure.CanisterNotInRanges));
    }

    [Test]
    public void The_legacy_layout_is_read_when_the_sharded_one_is_absent()
    {
        var certificate = Delegated(Key, Leaf(Ranges((Canister(0), Canister(9)), (Canister(20), Canister(29))), "subnet", Subnet, "canister_ranges"));
        Assert.That(Verifier().Verify(certificate, Canister(25)).SubnetId, Is.EqualTo(Subnet));
        Assert.That(Assert.Throws<CertificateException>(() => Verifier().Verify(certificate, Canister(15)))!.Failure, Is.EqualTo(CertificateFailure.CanisterNotInRanges));
    }

    [Test]
    public void A_pruned_shard_is_missing_ranges_not_absent_ones()
    {
        var inner = Certificate(Forks([
            new HashTree.Labeled(L("canister_ranges"), new HashTree.Labeled(Subnet.Bytes.ToArray(),
                new HashTree.Labeled(Canister(0).Bytes.ToArray(), HashTree.Pruned.Of(new byte[32])))),
            Build([Key]),
            Build([Leaf(TimeLeaf(Now), "time")])]), new byte[48]);
        var certificate = Certificate(Build([Leaf(TimeLeaf(Now), "time")]), new byte[48], Subnet, inner);
        Assert.That(Assert.Throws<CertificateException>(() => Verifier().Verify(certificate, Canister(1)))!.Failure, Is.EqualTo(CertificateFailure.CanisterRangesMissing));
    }

    [Test]
    public void A_nested_delegation_is_refused()
    {
        var innermost = Certificate(Build([Leaf(TimeLeaf(Now), "time")]), new byte[48]);
        var inner = Certificate(Build([Leaf(TimeLeaf(Now), "time"), Key]), new byte[48], Subnet, innermost);
        var certificate = Certificate(Build([Leaf(TimeLeaf(Now), "time")]), new byte[48], Subnet, inner);
        Assert.That(Assert.Throws<CertificateException>(() => Verifier().Verify(certificate, Canister(1)))!.Failure, Is.EqualTo(CertificateFailure.NestedDelegation));
    }

    [Test]
    public void A_delegation_without_the_subnet_key_is_refused()
    {
        var certificate = Delegated(Leaf(Ranges((Canister(0), Canister(9))), "subnet", Subnet, "canister_ranges"));
        Assert.That(Assert.Throws<CertificateException>(() => Verifier().Verify(certificate, Canister(1)))!.Failure, Is.EqualTo(CertificateFailure.SubnetKeyMissing));
    }

    [Test]
    public void A_certificate_without_time_is_stale()
    {
        var certificate = Certificate(Build([Leaf([1], "other")]), new byte[48]);
        Assert.That(Assert.Throws<CertificateException>(() => Verifier().Verify(certificate, Canister(1)))!.Failure, Is.EqualTo(CertificateFailure.Stale));
    }

    [TestCase("")]
    [TestCase("d9d9f7")]
    [TestCase("d9d9f7a1")]
    [TestCase("d9d9f7a264747265658300")]
    [TestCase("a2647472656582014000697369676e617475726540")]
    public void Malformed_certificates_are_refused_as_malformed(string hex)
    {
        Assert.That(Assert.Throws<CertificateException>(() => Verifier().Verify(Convert.FromHexString(hex), Canister(1)))!.Failure, Is.EqualTo(CertificateFailure.Malformed));
    }

    [Test]
    public void A_deep_tree_is_refused_without_exhausting_the_stack()
    {
        HashTree tree = new HashTree.Leaf([1]);
        for (var i = 0; i < 5000; i++) tree = new HashTree.Labeled(L("x"), tree);
        var certificate = Certificate(tree, new byte[48]);
        Assert.That(Assert.Throws<CertificateException>(() => Verifier().Verify(certificate, Canister(1)))!.Failure, Is.EqualTo(CertificateFailure.Malformed));
    }
}
