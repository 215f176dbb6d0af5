using Canic.Fsm.Ic.Certificates;

namespace Canic.Fsm.Ic.Replica.Tests;

/// <summary>
/// Pruning a round's tree to one request: the same root hash (so the round's one signature covers it), the request's
/// status and <c>/time</c> readable, every other request's status unknown (never absent), and only the path to the
/// request kept, so a reply's certificate grows with the logarithm of the round, not with the round.
/// </summary>
public sealed class StateTreePruneTests
{
    private static byte[] RequestId(int n) => System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(n));

    private static IEnumerable<StateLeaf> Status(int n) =>
    [
        StateLeaf.At(StateTree.Text("replied"), "request_status", RequestId(n), "status"),
        StateLeaf.At(BitConverter.GetBytes(n), "request_status", RequestId(n), "reply"),
    ];

    private static HashTree Round(int requests) =>
        StateTree.Build(Enumerable.Range(0, requests).SelectMany(Status).Prepend(StateLeaf.At(StateTree.Nat(42), "time")));

    private static HashTree PruneTo(HashTree tree, int n) => StateTree.Prune(tree, [["time"u8.ToArray()], ["request_status"u8.ToArray(), RequestId(n)]]);

    private static int Nodes(HashTree tree) => tree switch
    {
        HashTree.Fork f => 1 + Nodes(f.Left) + Nodes(f.Right),
        HashTree.Labeled l => 1 + Nodes(l.Subtree),
        _ => 1,
    };

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(7)]
    [TestCase(300)]
    public void Each_request_of_a_round_is_shown_alone_under_the_rounds_root_hash(int requests)
    {
        var tree = Round(requests);
        Assert.Multiple(() =>
        {
            for (var n = 0; n < requests; n++)
            {
                var pruned = PruneTo(tree, n);
                Assert.That(pruned.Digest(), Is.EqualTo(tree.Digest()), $"request {n}: the round's root hash");
                Assert.That(pruned.LookupPath("request_status"u8.ToArray(), RequestId(n), "reply"u8.ToArray()).Value, Is.EqualTo(BitConverter.GetBytes(n)), $"request {n}'s reply");
                Assert.That(pruned.LookupPath("time"u8.ToArray()).Status, Is.EqualTo(LookupStatus.Found));
                if (requests > 1)
                {
                    var other = (n + 1) % requests;
                    Assert.That(pruned.LookupPath("request_status"u8.ToArray(), RequestId(other), "reply"u8.ToArray()).Status, Is.EqualTo(LookupStatus.Unknown),
                        $"request {other} is hidden from request {n}, not denied");
                }
            }
        });
    }

    [Test]
    public void A_pruned_reply_keeps_only_the_path_to_its_request()
    {
        // 4,096 requests: a balanced fork tree is 12 levels deep; the path to one request keeps each level's fork and
        // the pruned sibling beside it, plus a handful of nodes for /time, the labels and the request's own leaves.
        var tree = Round(4096);
        var sizes = new[] { 0, 1, 2047, 2048, 4095 }.Select(n => Nodes(PruneTo(tree, n))).ToList();
        Assert.That(sizes, Has.All.LessThanOrEqualTo(2 * 13 + 20), "O(log n) nodes per reply");
        Assert.That(Nodes(tree), Is.GreaterThan(4096 * 3), "the round's whole tree, for scale");
    }

    [Test]
    public void A_request_the_round_does_not_hold_prunes_to_the_root_hash_alone_below_request_status()
    {
        var tree = Round(16);
        var pruned = StateTree.Prune(tree, [["request_status"u8.ToArray(), RequestId(99)]]);
        Assert.That(pruned.Digest(), Is.EqualTo(tree.Digest()));
        Assert.That(pruned.LookupPath("request_status"u8.ToArray(), RequestId(99), "status"u8.ToArray()).Status, Is.Not.EqualTo(LookupStatus.Found));
    }
}
