using System.Formats.Cbor;
using System.Security.Cryptography;

namespace Canic.Fsm.Ic.Certificates;

/// <summary>
/// The IC's certified hash tree (interface spec, "Certification"): empty, fork, labeled, leaf and pruned nodes,
/// hashed with domain-separated SHA-256, and looked up with the spec's four outcomes. A pruned part is
/// <see cref="LookupStatus.Unknown"/>, never read as absent.
/// </summary>
public abstract class HashTree
{
    /// <summary>The deepest tree parsed (the IC's trees are a few dozen levels deep).</summary>
    public const int MaxDepth = 128;

    private byte[]? _digest;

    private protected HashTree() { }

    /// <summary>The root hash (reconstruct).</summary>
    public byte[] Digest() => _digest ??= ComputeDigest();

    private protected abstract byte[] ComputeDigest();

    /// <summary>Looks up a path of labels (the spec's <c>lookup_path</c>).</summary>
    public LookupResult LookupPath(params byte[][] path) => LookupPath((IReadOnlyList<byte[]>)path);

    /// <summary>Looks up a path of labels given as UTF-8 text or raw bytes.</summary>
    public LookupResult LookupPath(IReadOnlyList<byte[]> path)
    {
        var subtree = LookupSubtree(path);
        if (subtree.Status != LookupStatus.Found) return subtree;
        return subtree.Tree switch
        {
            Leaf leaf => LookupResult.Found(leaf.Value, leaf),
            Empty => LookupResult.Absent,
            Pruned => LookupResult.Unknown,
            _ => LookupResult.Error,
        };
    }

    /// <summary>The subtree at a path (Found with the tree, or Absent / Unknown / Error).</summary>
    public LookupResult LookupSubtree(IReadOnlyList<byte[]> path)
    {
        HashTree tree = this;
        foreach (var label in path)
        {
            var found = FindLabel(label, tree.FlattenForks());
            if (found.Status != LookupStatus.Found) return found;
            tree = found.Tree!;
        }
        return LookupResult.Found([], tree);
    }

    /// <summary>The labeled children at this level (forks flattened), in order, and whether a pruned part may hide others.</summary>
    public (IReadOnlyList<Labeled> Children, bool HasPruned) Children()
    {
        var nodes = FlattenForks();
        return (nodes.OfType<Labeled>().ToList(), nodes.Any(n => n is Pruned));
    }

    internal List<HashTree> FlattenForks()
    {
        var result = new List<HashTree>();
        var stack = new Stack<HashTree>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case Empty: break;
                case Fork f:
                    stack.Push(f.Right);
                    stack.Push(f.Left);
                    break;
                case var t: result.Add(t); break;
            }
        }
        return result;
    }

    // The spec's find_label: Absent only where neighbouring labels (or the ends) prove it.
    private static LookupResult FindLabel(byte[] label, List<HashTree> nodes)
    {
        if (nodes.Count == 0) return LookupResult.Absent;
        if (nodes is [Leaf]) return LookupResult.Absent;
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] is not Labeled labeled) continue;
            var order = label.AsSpan().SequenceCompareTo(labeled.Label);
            if (order == 0) return LookupResult.Found([], labeled.Subtree);
            if (order < 0)
            {
                // label < this label: absent if the node before is a smaller label, or there is none.
                if (i == 0 || nodes[i - 1] is Labeled) return LookupResult.Absent;
                return LookupResult.Unknown;
            }
            // label > this label: absent if this is the last node.
            if (i == nodes.Count - 1) return LookupResult.Absent;
        }
        return LookupResult.Unknown;
    }

    /// <summary>Reads a tree from CBOR (arrays <c>[0]</c>, <c>[1,l,r]</c>, <c>[2,label,t]</c>, <c>[3,value]</c>, <c>[4,hash]</c>).</summary>
    /// <exception cref="CertificateException">The tree is malformed or deeper than <see cref="MaxDepth"/>.</exception>
    internal static HashTree Read(CborReader reader, int depth = 0)
    {
        if (depth > MaxDepth) throw new CertificateException(CertificateFailure.Malformed, $"the hash tree is deeper than {MaxDepth}");
        var length = reader.ReadStartArray();
        var tag = reader.ReadUInt32();
        HashTree tree = (tag, length) switch
        {
            (0, 1) => Empty.Instance,
            (1, 3) => new Fork(Read(reader, depth + 1), Read(reader, depth + 1)),
            (2, 3) => new Labeled(reader.ReadByteString(), Read(reader, depth + 1)),
            (3, 2) => new Leaf(reader.ReadByteString()),
            (4, 2) => Pruned.Of(reader.ReadByteString()),
            _ => throw new CertificateException(CertificateFailure.Malformed, $"hash tree node {tag} with {length} elements"),
        };
        reader.ReadEndArray();
        return tree;
    }

    /// <summary>Writes the tree as CBOR.</summary>
    public void Write(CborWriter writer)
    {
        switch (this)
        {
            case Empty:
                writer.WriteStartArray(1); writer.WriteUInt32(0); break;
            case Fork f:
                writer.WriteStartArray(3); writer.WriteUInt32(1); f.Left.Write(writer); f.Right.Write(writer); break;
            case Labeled l:
                writer.WriteStartArray(3); writer.WriteUInt32(2); writer.WriteByteString(l.Label); l.Subtree.Write(writer); break;
            case Leaf leaf:
                writer.WriteStartArray(2); writer.WriteUInt32(3); writer.WriteByteString(leaf.Value); break;
            case Pruned p:
                writer.WriteStartArray(2); writer.WriteUInt32(4); writer.WriteByteString(p.Hash); break;
        }
        writer.WriteEndArray();
    }

    // The domain separators with their length byte in front, as the spec's domain_sep(s) = byte(|s|) · s.
    private static readonly byte[] EmptyDomain = Domain("ic-hashtree-empty");
    private static readonly byte[] ForkDomain = Domain("ic-hashtree-fork");
    private static readonly byte[] LabeledDomain = Domain("ic-hashtree-labeled");
    private static readonly byte[] LeafDomain = Domain("ic-hashtree-leaf");

    private static byte[] Domain(string domain) => [(byte)domain.Length, .. System.Text.Encoding.ASCII.GetBytes(domain)];

    /// <summary>
    /// SHA-256 of the domain separator and the parts, hashed in one shot from a stack (or pooled) buffer: a tree is
    /// hashed node by node, on both sides of every certificate, and an incremental hash object per node cost more
    /// than the hashing.
    /// </summary>
    private static byte[] DomainHash(byte[] domain, ReadOnlySpan<byte> first = default, ReadOnlySpan<byte> second = default)
    {
        var length = domain.Length + first.Length + second.Length;
        byte[]? rented = null;
        Span<byte> buffer = length <= 256 ? stackalloc byte[256] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length));
        domain.CopyTo(buffer);
        first.CopyTo(buffer[domain.Length..]);
        second.CopyTo(buffer[(domain.Length + first.Length)..]);
        var digest = SHA256.HashData(buffer[..length]);
        if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        return digest;
    }

    /// <summary><c>Empty</c>.</summary>
    public sealed class Empty : HashTree
    {
        /// <summary>The one empty tree.</summary>
        public static Empty Instance { get; } = new();

        private Empty() { }

        private protected override byte[] ComputeDigest() => DomainHash(EmptyDomain);
    }

    /// <summary><c>Fork(l, r)</c>.</summary>
    public sealed class Fork(HashTree left, HashTree right) : HashTree
    {
        /// <summary>The left subtree.</summary>
        public HashTree Left { get; } = left;

        /// <summary>The right subtree.</summary>
        public HashTree Right { get; } = right;

        private protected override byte[] ComputeDigest() => DomainHash(ForkDomain, Left.Digest(), Right.Digest());
    }

    /// <summary><c>Labeled(label, t)</c>.</summary>
    public sealed class Labeled(byte[] label, HashTree subtree) : HashTree
    {
        /// <summary>The label.</summary>
        public byte[] Label { get; } = label;

        /// <summary>The subtree.</summary>
        public HashTree Subtree { get; } = subtree;

        private protected override byte[] ComputeDigest() => DomainHash(LabeledDomain, Label, Subtree.Digest());
    }

    /// <summary><c>Leaf(value)</c>.</summary>
    public sealed class Leaf(byte[] value) : HashTree
    {
        /// <summary>The value.</summary>
        public byte[] Value { get; } = value;

        private protected override byte[] ComputeDigest() => DomainHash(LeafDomain, Value);
    }

    /// <summary><c>Pruned(hash)</c>: a subtree known only by its hash.</summary>
    public sealed class Pruned : HashTree
    {
        private Pruned(byte[] hash) => Hash = hash;

        /// <summary>The pruned subtree's hash (32 bytes).</summary>
        public byte[] Hash { get; }

        /// <summary>A pruned node.</summary>
        /// <exception cref="CertificateException">The hash is not 32 bytes.</exception>
        public static Pruned Of(byte[] hash) => hash.Length == 32
            ? new Pruned(hash)
            : throw new CertificateException(CertificateFailure.Malformed, $"a pruned hash of {hash.Length} bytes");

        private protected override byte[] ComputeDigest() => Hash;
    }
}

/// <summary>The outcome of a lookup: the spec's Found / Absent / Unknown / Error.</summary>
public enum LookupStatus
{
    /// <summary>The path exists.</summary>
    Found,

    /// <summary>The tree proves the path does not exist.</summary>
    Absent,

    /// <summary>The path lies in a pruned part: the tree proves nothing about it.</summary>
    Unknown,

    /// <summary>The path ends at an inner node, not a value.</summary>
    Error,
}

/// <summary>A lookup's status and, when found, the value (for a path) or subtree.</summary>
public sealed class LookupResult
{
    private LookupResult(LookupStatus status, byte[]? value, HashTree? tree)
    {
        Status = status;
        Value = value;
        Tree = tree;
    }

    /// <summary>Absent.</summary>
    public static LookupResult Absent { get; } = new(LookupStatus.Absent, null, null);

    /// <summary>Unknown.</summary>
    public static LookupResult Unknown { get; } = new(LookupStatus.Unknown, null, null);

    /// <summary>Error.</summary>
    public static LookupResult Error { get; } = new(LookupStatus.Error, null, null);

    internal static LookupResult Found(byte[] value, HashTree tree) => new(LookupStatus.Found, value, tree);

    /// <summary>The status.</summary>
    public LookupStatus Status { get; }

    /// <summary>The leaf value when found by <see cref="HashTree.LookupPath(IReadOnlyList{byte[]})"/>.</summary>
    public byte[]? Value { get; }

    /// <summary>The subtree when found.</summary>
    public HashTree? Tree { get; }

    /// <inheritdoc />
    public override string ToString() => Status == LookupStatus.Found && Value is { Length: > 0 } v ? $"Found {Convert.ToHexStringLower(v)}" : Status.ToString();
}
