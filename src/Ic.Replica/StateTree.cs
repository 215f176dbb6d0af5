using System.Formats.Cbor;
using Canic.Fsm.Ic.Certificates;

namespace Canic.Fsm.Ic.Replica;

/// <summary>One leaf of a certified state tree: its path of labels and its value.</summary>
/// <param name="Path">The labels from the root.</param>
/// <param name="Value">The leaf's bytes.</param>
internal sealed record StateLeaf(byte[][] Path, byte[] Value)
{
    /// <summary>A leaf at a path of labels given as text, bytes or principals.</summary>
    public static StateLeaf At(byte[] value, params object[] path) => new([.. path.Select(Label)], value);

    private static byte[] Label(object label) => label switch
    {
        string text => System.Text.Encoding.UTF8.GetBytes(text),
        byte[] bytes => bytes,
        Principal principal => principal.Bytes.ToArray(),
        _ => throw new ArgumentException($"A label is text, bytes or a principal, not {label.GetType().Name}.", nameof(label)),
    };
}

/// <summary>
/// Builds the hash trees a replica certifies: only the requested leaves (plus <c>/time</c>), labels sorted bytewise
/// and forks balanced, as the spec's well-formed trees are. A path the tree does not hold is then Absent to a client,
/// which is the truth for a replica that answers from its whole state.
/// </summary>
internal static class StateTree
{
    private static readonly Comparer<byte[]> Bytewise = Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b));

    public static HashTree Build(IEnumerable<StateLeaf> leaves) => Build(leaves.Select(l => (l.Path, l.Value)).ToList());

    private static HashTree Build(List<(byte[][] Path, byte[] Value)> entries)
    {
        if (entries.FirstOrDefault(e => e.Path.Length == 0) is { Path: not null } leaf) return new HashTree.Leaf(leaf.Value);
        var children = entries
            .GroupBy(e => Convert.ToHexString(e.Path[0]))
            .Select(g => (Label: g.First().Path[0], Subtree: Build(g.Select(e => (e.Path[1..], e.Value)).ToList())))
            .OrderBy(g => g.Label, Bytewise)
            .Select(g => (HashTree)new HashTree.Labeled(g.Label, g.Subtree))
            .ToList();
        return Forks(children, 0, children.Count);
    }

    private static HashTree Forks(List<HashTree> nodes, int start, int count) => count switch
    {
        0 => HashTree.Empty.Instance,
        1 => nodes[start],
        _ => new HashTree.Fork(Forks(nodes, start, count / 2), Forks(nodes, start + count / 2, count - count / 2)),
    };

    /// <summary>
    /// <paramref name="tree"/> with every subtree that holds none of <paramref name="paths"/> replaced by its hash: the
    /// same root hash (so the same signature), showing only those paths. A path is kept with everything below it.
    /// </summary>
    public static HashTree Prune(HashTree tree, IReadOnlyList<byte[][]> paths) => Keep(tree, paths) ?? HashTree.Pruned.Of(tree.Digest());

    /// <summary>The pruned subtree, or null when it holds none of the paths (the caller then keeps only its hash).</summary>
    private static HashTree? Keep(HashTree tree, IReadOnlyList<byte[][]> paths)
    {
        if (paths.Count == 0) return null;
        if (paths.Any(p => p.Length == 0)) return tree;
        switch (tree)
        {
            case HashTree.Fork fork:
                // The labels of one level are sorted (see Build), so a path's first label can only lie on one side of a
                // fork: on the left when it is not above the left side's last label. Descending only where a path can
                // be keeps a prune of one request out of a round of n at O(log^2 n) nodes visited instead of all n.
                var last = LastLabel(fork.Left);
                var toLeft = last is null ? [] : paths.Where(p => p[0].AsSpan().SequenceCompareTo(last) <= 0).ToList();
                var left = Keep(fork.Left, toLeft);
                var right = Keep(fork.Right, toLeft.Count == paths.Count ? [] : paths.Except(toLeft).ToList());
                return left is null && right is null ? null
                    : new HashTree.Fork(left ?? HashTree.Pruned.Of(fork.Left.Digest()), right ?? HashTree.Pruned.Of(fork.Right.Digest()));
            case HashTree.Labeled labeled:
                var below = paths.Where(p => p[0].AsSpan().SequenceEqual(labeled.Label)).Select(p => p[1..]).ToList();
                return below.Count == 0 ? null : new HashTree.Labeled(labeled.Label, Keep(labeled.Subtree, below) ?? HashTree.Pruned.Of(labeled.Subtree.Digest()));
            default:
                return null;
        }
    }

    /// <summary>The greatest label at the top level of <paramref name="tree"/> (forks looked through), or null when it has none.</summary>
    private static byte[]? LastLabel(HashTree tree) => tree switch
    {
        HashTree.Fork fork => LastLabel(fork.Right) ?? LastLabel(fork.Left),
        HashTree.Labeled labeled => labeled.Label,
        _ => null,
    };

    /// <summary>A natural number leaf (LEB128), as <c>/time</c> and <c>reject_code</c> are.</summary>
    public static byte[] Nat(ulong value) => [.. Leb128.EncodeUnsigned(value)];

    /// <summary>A text leaf (UTF-8).</summary>
    public static byte[] Text(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    /// <summary>CBOR (tag 55799) of a list of principals, as <c>/canister/&lt;id&gt;/controllers</c> is.</summary>
    public static byte[] Principals(IEnumerable<Principal> principals)
    {
        var writer = Tagged();
        var list = principals.ToList();
        writer.WriteStartArray(list.Count);
        foreach (var principal in list) writer.WriteByteString(principal.Bytes.ToArray());
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>CBOR (tag 55799) of canister ranges <c>[[low, high], ...]</c>.</summary>
    public static byte[] Ranges(IEnumerable<CanisterIdRange> ranges)
    {
        var writer = Tagged();
        var list = ranges.ToList();
        writer.WriteStartArray(list.Count);
        foreach (var range in list)
        {
            writer.WriteStartArray(2);
            writer.WriteByteString(range.Low.Bytes.ToArray());
            writer.WriteByteString(range.High.Bytes.ToArray());
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        return writer.Encode();
    }

    private static CborWriter Tagged()
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteTag((CborTag)55799);
        return writer;
    }
}
