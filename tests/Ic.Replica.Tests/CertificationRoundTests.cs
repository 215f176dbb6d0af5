using Canic.Fsm.Ic.Bls;
using Canic.Fsm.Ic.Certificates;
using Canic.Fsm.Ic.Envelope;
using Microsoft.Extensions.Time.Testing;

namespace Canic.Fsm.Ic.Replica.Tests;

/// <summary>
/// The replies of update calls are certified in rounds, as the IC certifies its state once per round: the replies of
/// a round share one root hash and one signature, each certificate shows only its own request (and <c>/time</c>), and
/// a round collects the replies that arrive while it waits or while the previous one is being signed.
/// </summary>
public sealed class CertificationRoundTests
{
    private static readonly SubnetLayout Layout = new(0, (1UL << 20) - 1);
    private static readonly Principal Canister = CanisterIdRange.CanisterId(0);

    private static byte[] RequestId(byte n) => Enumerable.Repeat(n, 32).ToArray();

    private static StateLeaf[] Replied(byte n) =>
        [StateLeaf.At(StateTree.Text("replied"), "request_status", RequestId(n), "status"), StateLeaf.At([n], "request_status", RequestId(n), "reply")];

    [TestCase(false, TestName = "A round's certificates share one signature and each shows only its request (root-signed)")]
    [TestCase(true, TestName = "A round's certificates share one signature and each shows only its request (delegated)")]
    public void A_rounds_certificates_share_one_signature_and_each_shows_only_its_request(bool delegated)
    {
        var keys = ReplicaKeys.Random();
        var certifier = new Certifier(keys, Layout, delegated, TimeProvider.System);
        var certificates = certifier.CertifyRound([(RequestId(1), Replied(1)), (RequestId(2), Replied(2)), (RequestId(3), Replied(3))]);
        var verifier = new CertificateVerifier(BlsVerifier.Instance, keys.RootKeyDer, new ServerClock(TimeProvider.System));

        var parsed = certificates.Select(c => Certificate.Parse(c)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Select(c => Convert.ToHexString(c.Signature)).Distinct().Count(), Is.EqualTo(1), "one signature");
            Assert.That(parsed.Select(c => Convert.ToHexString(c.Tree.Digest())).Distinct().Count(), Is.EqualTo(1), "one root hash");
            for (byte n = 1; n <= 3; n++)
            {
                var verified = verifier.Verify(certificates[n - 1], Canister);
                Assert.That(verified.Lookup("request_status", RequestId(n), "reply").Value, Is.EqualTo(new[] { n }), $"request {n}'s own reply");
                Assert.That(verified.Lookup("time").Status, Is.EqualTo(LookupStatus.Found));
                var other = (byte)(n % 3 + 1);
                Assert.That(verified.Lookup("request_status", RequestId(other), "reply").Status, Is.EqualTo(LookupStatus.Unknown),
                    $"request {other}'s reply is pruned from request {n}'s certificate");
            }
        });
    }

    [Test]
    public async Task Replies_that_arrive_while_a_round_collects_are_signed_together_when_it_ends()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var rounds = new CertificationRounds(new Certifier(ReplicaKeys.Random(), Layout, false, time), TimeSpan.FromMilliseconds(50), time);

        var replies = new[] { rounds.CertifyAsync(RequestId(1), Replied(1)), rounds.CertifyAsync(RequestId(2), Replied(2)), rounds.CertifyAsync(RequestId(3), Replied(3)) };
        Assert.That(replies.Any(r => r.IsCompleted), Is.False, "nothing is signed before the round ends");

        time.Advance(TimeSpan.FromMilliseconds(50));
        var certificates = await Task.WhenAll(replies).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(certificates.Select(c => Convert.ToHexString(Certificate.Parse(c).Signature)).Distinct().Count(), Is.EqualTo(1));
        Assert.That(rounds.Signed, Is.EqualTo(1));
    }

    [Test]
    public async Task A_reply_after_a_round_ended_starts_the_next_one()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var rounds = new CertificationRounds(new Certifier(ReplicaKeys.Random(), Layout, false, time), TimeSpan.FromMilliseconds(50), time);
        var first = rounds.CertifyAsync(RequestId(1), Replied(1));
        time.Advance(TimeSpan.FromMilliseconds(50));
        await first.WaitAsync(TimeSpan.FromSeconds(20));

        var second = rounds.CertifyAsync(RequestId(2), Replied(2));
        Assert.That(second.IsCompleted, Is.False, "waits for its own round");
        time.Advance(TimeSpan.FromMilliseconds(50));
        await second.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(Certificate.Parse(await second).Signature, Is.Not.EqualTo(Certificate.Parse(await first).Signature));
        Assert.That(rounds.Signed, Is.EqualTo(2));
    }
}
