using System.Formats.Cbor;
using Canic.Fsm.Ic.Bls;
using Canic.Fsm.Ic.Certificates;

namespace Canic.Fsm.Ic.Tests.Support;

/// <summary>Builds hash trees and certificates for tests and the in-process replica.</summary>
internal static class TreeBuilder
{
    public static byte[] L(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    /// <summary>A tree holding the given leaves (paths of labels), labels sorted, forks balanced.</summary>
    public static HashTree Build(IEnumerable<(byte[][] Path, HashTree Value)> entries)
    {
        var list = entries.ToList();
        var single = list.FirstOrDefault(e => e.Path.Length == 0);
        if (single.Path is not null && list.Count == 1) return single.Value;
        var groups = list.Where(e => e.Path.Length > 0)
            .GroupBy(e => Convert.ToHexString(e.Path[0]))
            .Select(g => (Label: g.First().Path[0], Subtree: Build(g.Select(e => (e.Path[1..], e.Value)))))
            .OrderBy(g => g.Label, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)))
            .Select(g => (HashTree)new HashTree.Labeled(g.Label, g.Subtree))
            .ToList();
        return Forks(groups);
    }

    public static HashTree Forks(IReadOnlyList<HashTree> nodes) => nodes.Count switch
    {
        0 => HashTree.Empty.Instance,
        1 => nodes[0],
        _ => new HashTree.Fork(Forks(nodes.Take(nodes.Count / 2).ToList()), Forks(nodes.Skip(nodes.Count / 2).ToList())),
    };

    public static (byte[][], HashTree) Leaf(byte[] value, params object[] path) =>
        (path.Select(p => p switch { string s => L(s), byte[] b => b, Principal pr => pr.Bytes.ToArray(), _ => throw new ArgumentException() }).ToArray(), new HashTree.Leaf(value));

    /// <summary>The canister id with the given index (the IC's layout: 8 bytes big-endian, then 0x01 0x01).</summary>
    public static Principal Canister(ulong index) => Principal.FromBytes([.. BitConverter.GetBytes(index).Reverse(), 0x01, 0x01]);

    public static byte[] Leb(ulong value) => [.. Canic.Fsm.Ic.Leb128.EncodeUnsigned(value)];

    public static byte[] TimeLeaf(DateTimeOffset time) => Leb(IcTime.ToNanoseconds(time));

    /// <summary>CBOR of <c>55799({tree, signature, delegation?})</c>.</summary>
    public static byte[] Certificate(HashTree tree, byte[] signature, Principal? subnet = null, byte[]? delegationCertificate = null)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteTag((CborTag)55799);
        writer.WriteStartMap(delegationCertificate is null ? 2 : 3);
        writer.WriteTextString("tree");
        tree.Write(writer);
        writer.WriteTextString("signature");
        writer.WriteByteString(signature);
        if (delegationCertificate is not null)
        {
            writer.WriteTextString("delegation");
            writer.WriteStartMap(2);
            writer.WriteTextString("subnet_id");
            writer.WriteByteString(subnet!.Value.Bytes.ToArray());
            writer.WriteTextString("certificate");
            writer.WriteByteString(delegationCertificate);
            writer.WriteEndMap();
        }
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>A certificate signed with a real BLS key.</summary>
    public static byte[] Signed(HashTree tree, BlsSecretKey key, Principal? subnet = null, byte[]? delegationCertificate = null) =>
        Certificate(tree, key.Sign([.. "\x0Dic-state-root"u8, .. tree.Digest()]).ToBytes(), subnet, delegationCertificate);

    public static byte[] KeyDer(BlsSecretKey key) =>
        [.. Convert.FromHexString("308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100"), .. key.PublicKey.ToBytes()];

    public static byte[] Ranges(params (Principal Low, Principal High)[] ranges)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteTag((CborTag)55799);
        writer.WriteStartArray(ranges.Length);
        foreach (var (low, high) in ranges)
        {
            writer.WriteStartArray(2);
            writer.WriteByteString(low.Bytes.ToArray());
            writer.WriteByteString(high.Bytes.ToArray());
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        return writer.Encode();
    }
}

/// <summary>A BLS verifier that accepts everything: only for tests of checks other than the signature (and said so there).</summary>
internal sealed class AcceptAnySignature : IBlsVerifier
{
    public static AcceptAnySignature Instance { get; } = new();

    public int Calls { get; private set; }

    public bool Verify(ReadOnlySpan<byte> publicKey96, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature48)
    {
        Calls++;
        return true;
    }
}
