using Canic.Fsm.Ic.Bls;
using Canic.Fsm.Ic.Certificates;
using Canic.Fsm.Ic.Envelope;
using Microsoft.Extensions.Time.Testing;
using static Canic.Fsm.Ic.Tests.Support.TreeBuilder;

namespace Canic.Fsm.Ic.Tests.Certificates;

/// <summary>
/// The verifier remembers state-root signature checks: the replies of one certification round (one tree, pruned
/// differently for each request, under one signature) cost one pairing check together; the same root hash and
/// signature under another key is checked again; a signature that failed is not remembered.
/// </summary>
public class SignatureCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly BlsSecretKey RootKey = BlsSecretKey.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly Principal InRange = Canister(5);

    private sealed class CountingVerifier : IBlsVerifier
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public bool Verify(ReadOnlySpan<byte> publicKey96, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature48)
        {
            Interlocked.Increment(ref _calls);
            return BlsVerifier.Instance.Verify(publicKey96, message, signature48);
        }
    }

    private static (CertificateVerifier Verifier, CountingVerifier Bls) Verifier(int capacity = 1024)
    {
        var bls = new CountingVerifier();
        return (new CertificateVerifier(bls, KeyDer(RootKey), new ServerClock(new FakeTimeProvider(Now)),
            new CertificateVerifierOptions { SignatureCacheCapacity = capacity }), bls);
    }

    private static readonly HashTree A = new HashTree.Labeled(L("a"), new HashTree.Leaf([1]));
    private static readonly HashTree B = new HashTree.Labeled(L("b"), new HashTree.Leaf([2]));
    private static readonly HashTree Time = new HashTree.Labeled(L("time"), new HashTree.Leaf(TimeLeaf(Now)));

    /// <summary>The round's tree, showing <paramref name="a"/> and/or <paramref name="b"/>, the other pruned: one root hash either way.</summary>
    private static HashTree Round(bool a, bool b) =>
        new HashTree.Fork(a ? A : HashTree.Pruned.Of(A.Digest()), new HashTree.Fork(b ? B : HashTree.Pruned.Of(B.Digest()), Time));

    private static byte[] Signature(BlsSecretKey key) => key.Sign([.. "\x0Dic-state-root"u8, .. Round(true, true).Digest()]).ToBytes();

    [Test]
    public void The_replies_of_one_round_cost_one_signature_check_together()
    {
        var (verifier, bls) = Verifier();
        var signature = Signature(RootKey);

        var forA = verifier.Verify(Certificate(Round(true, false), signature), InRange);
        var forB = verifier.Verify(Certificate(Round(false, true), signature), InRange);

        Assert.Multiple(() =>
        {
            Assert.That(forA.Lookup("a").Value, Is.EqualTo(new byte[] { 1 }));
            Assert.That(forA.Lookup("b").Status, Is.EqualTo(LookupStatus.Unknown));
            Assert.That(forB.Lookup("b").Value, Is.EqualTo(new byte[] { 2 }));
            Assert.That(bls.Calls, Is.EqualTo(1));
        });
    }

    [Test]
    public void The_same_root_hash_and_signature_under_another_subnet_key_is_checked_again_and_refused()
    {
        var (verifier, bls) = Verifier();
        BlsSecretKey key1 = BlsSecretKey.FromSeed(Enumerable.Repeat((byte)2, 32).ToArray()), key2 = BlsSecretKey.FromSeed(Enumerable.Repeat((byte)3, 32).ToArray());
        Principal subnet1 = Principal.FromBytes([0xAA, 1, 2]), subnet2 = Principal.FromBytes([0xAA, 2, 2]);
        byte[] Delegation(Principal subnet, BlsSecretKey key) => Signed(Build([
            Leaf(TimeLeaf(Now), "time"),
            Leaf(KeyDer(key), "subnet", subnet, "public_key"),
            Leaf(Ranges((Canister(0), Canister(9))), "subnet", subnet, "canister_ranges")]), RootKey);
        var signature = Signature(key1);

        verifier.Verify(Certificate(Round(true, false), signature, subnet1, Delegation(subnet1, key1)), InRange);
        var error = Assert.Throws<CertificateException>(() =>
            verifier.Verify(Certificate(Round(true, false), signature, subnet2, Delegation(subnet2, key2)), InRange))!;

        Assert.That(error.Failure, Is.EqualTo(CertificateFailure.InvalidSignature));
        Assert.That(bls.Calls, Is.EqualTo(4), "two delegations and the reply under each subnet's key");
    }

    [Test]
    public void A_signature_that_failed_is_not_remembered_and_keeps_failing()
    {
        var (verifier, bls) = Verifier();
        var forged = Signature(BlsSecretKey.FromSeed(Enumerable.Repeat((byte)7, 32).ToArray()));
        for (var i = 0; i < 2; i++)
            Assert.That(Assert.Throws<CertificateException>(() => verifier.Verify(Certificate(Round(true, false), forged), InRange))!.Failure,
                Is.EqualTo(CertificateFailure.InvalidSignature));
        Assert.That(bls.Calls, Is.EqualTo(2), "checked, and refused, each time");
    }

    [Test]
    public void A_capacity_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Verifier(capacity: 0));
    }
}
