using Canic.Fsm.Ic.Bls;
using Canic.Fsm.Ic.Certificates;
using Canic.Fsm.Ic.Envelope;
using Microsoft.Extensions.Time.Testing;
using static Canic.Fsm.Ic.Tests.Support.TreeBuilder;

namespace Canic.Fsm.Ic.Tests.Certificates;

/// <summary>
/// The bounded cache of verified delegations, with real BLS keys (a root and subnets) and a verifier that counts
/// the BLS checks: a stream of replies from one subnet costs one check each, the bound evicts the least recently used,
/// and what depends on the request or the clock (ranges, delegation age) is still checked on every reply.
/// </summary>
public class DelegationCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly BlsSecretKey RootKey = Key(1);
    private static readonly Principal InRange = Canister(5);

    private static BlsSecretKey Key(byte n) => BlsSecretKey.FromSeed(Enumerable.Repeat(n, 32).ToArray());

    private static Principal Subnet(byte n) => Principal.FromBytes([0xAA, n, 0x02]);

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

    /// <summary>A delegation from the root to <paramref name="subnet"/> (canisters 0 to 9), signed by <paramref name="signer"/>.</summary>
    private static byte[] Delegation(Principal subnet, BlsSecretKey subnetKey, DateTimeOffset time, BlsSecretKey? signer = null) =>
        Signed(Build([
            Leaf(TimeLeaf(time), "time"),
            Leaf(KeyDer(subnetKey), "subnet", subnet, "public_key"),
            Leaf(Ranges((Canister(0), Canister(9))), "subnet", subnet, "canister_ranges")]), signer ?? RootKey);

    /// <summary>A reply certificate signed by the subnet, carrying <paramref name="delegation"/>; <paramref name="n"/> makes each distinct.</summary>
    private static byte[] Reply(Principal subnet, BlsSecretKey subnetKey, byte[] delegation, int n, DateTimeOffset? time = null) =>
        Signed(Build([Leaf(TimeLeaf(time ?? Now), "time"), Leaf([(byte)n], "reply")]), subnetKey, subnet, delegation);

    private static (CertificateVerifier Verifier, CountingVerifier Bls, FakeTimeProvider Time) Verifier(int capacity = 64)
    {
        var bls = new CountingVerifier();
        var time = new FakeTimeProvider(Now);
        var verifier = new CertificateVerifier(bls, KeyDer(RootKey), new ServerClock(time),
            new CertificateVerifierOptions { DelegationCacheCapacity = capacity });
        return (verifier, bls, time);
    }

    [Test]
    public void A_stream_of_replies_from_one_subnet_costs_one_signature_check_each()
    {
        var (verifier, bls, _) = Verifier();
        var subnetKey = Key(2);
        var delegation = Delegation(Subnet(1), subnetKey, Now);
        for (var n = 0; n < 5; n++) Assert.That(verifier.Verify(Reply(Subnet(1), subnetKey, delegation, n), InRange).SubnetId, Is.EqualTo(Subnet(1)));
        Assert.That(bls.Calls, Is.EqualTo(1 + 5), "the delegation once, then each reply");
    }

    [Test]
    public void A_cached_delegation_still_has_its_ranges_and_its_age_checked_on_every_reply()
    {
        var (verifier, bls, time) = Verifier();
        var subnetKey = Key(2);
        var delegation = Delegation(Subnet(1), subnetKey, Now);
        verifier.Verify(Reply(Subnet(1), subnetKey, delegation, 0), InRange);

        var outside = Assert.Throws<CertificateException>(() => verifier.Verify(Reply(Subnet(1), subnetKey, delegation, 1), Canister(10)))!;
        Assert.That(outside.Failure, Is.EqualTo(CertificateFailure.CanisterNotInRanges));

        time.Advance(TimeSpan.FromDays(31));
        var old = Assert.Throws<CertificateException>(() => verifier.Verify(Reply(Subnet(1), subnetKey, delegation, 2, Now.AddDays(31)), InRange))!;
        Assert.That(old.Failure, Is.EqualTo(CertificateFailure.DelegationTooOld));
        Assert.That(bls.Calls, Is.EqualTo(1 + 1), "neither refusal needed the delegation's signature again, nor reached the reply's");
    }

    [Test]
    public void Beyond_its_capacity_the_least_recently_used_delegation_is_verified_again()
    {
        var (verifier, bls, _) = Verifier(capacity: 2);
        var keys = new[] { Key(2), Key(3), Key(4) };
        var delegations = Enumerable.Range(0, 3).Select(i => Delegation(Subnet((byte)i), keys[i], Now)).ToArray();
        var reply = 0;
        int Cost(int subnet)
        {
            var before = bls.Calls;
            verifier.Verify(Reply(Subnet((byte)subnet), keys[subnet], delegations[subnet], reply++), InRange);
            return bls.Calls - before;
        }

        Assert.That(Cost(0), Is.EqualTo(2), "first sight of 0");
        Assert.That(Cost(1), Is.EqualTo(2), "first sight of 1");
        Assert.That(Cost(0), Is.EqualTo(1), "0 is cached and now the most recent");
        Assert.That(Cost(2), Is.EqualTo(2), "2 evicts 1, the least recently used");
        Assert.That(Cost(0), Is.EqualTo(1), "0 survived");
        Assert.That(Cost(1), Is.EqualTo(2), "1 was evicted, verified again (evicting 2)");
        Assert.That(Cost(2), Is.EqualTo(2), "2 was evicted");
    }

    [Test]
    public void The_same_delegation_presented_for_another_subnet_is_not_taken_from_the_cache()
    {
        var (verifier, bls, _) = Verifier();
        var subnetKey = Key(2);
        var delegation = Delegation(Subnet(1), subnetKey, Now);
        verifier.Verify(Reply(Subnet(1), subnetKey, delegation, 0), InRange);
        var error = Assert.Throws<CertificateException>(() => verifier.Verify(Reply(Subnet(9), subnetKey, delegation, 1), InRange))!;
        Assert.That(error.Failure, Is.EqualTo(CertificateFailure.SubnetKeyMissing));
        Assert.That(bls.Calls, Is.EqualTo(2 + 1), "the delegation was verified again for subnet 9 before its key was looked up");
    }

    [Test]
    public void A_delegation_that_fails_verification_is_not_remembered()
    {
        var (verifier, bls, _) = Verifier();
        var subnetKey = Key(2);
        var forged = Delegation(Subnet(1), subnetKey, Now, signer: Key(7));
        for (var n = 0; n < 2; n++)
        {
            var error = Assert.Throws<CertificateException>(() => verifier.Verify(Reply(Subnet(1), subnetKey, forged, n), InRange))!;
            Assert.That(error.Failure, Is.EqualTo(CertificateFailure.InvalidSignature));
        }
        Assert.That(bls.Calls, Is.EqualTo(2), "checked, and refused, each time");
    }

    [Test]
    public void A_capacity_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Verifier(capacity: 0));
    }
}
