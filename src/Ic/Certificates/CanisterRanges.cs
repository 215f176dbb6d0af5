using System.Formats.Cbor;

namespace Canic.Fsm.Ic.Certificates;

/// <summary>
/// The canister ranges of a subnet in a delegation certificate, in both layouts: the sharded tree
/// <c>/canister_ranges/&lt;subnet&gt;/&lt;shard&gt;</c> (v4 call, v3 read_state), where the shard to read is the one with
/// the greatest label not above the canister id, and the older leaf <c>/subnet/&lt;subnet&gt;/canister_ranges</c>.
/// Each value is CBOR <c>[[lo, hi], …]</c> of principals, inclusive.
/// </summary>
internal static class CanisterRanges
{
    public static void Check(HashTree delegationTree, Principal subnet, Principal canister)
    {
        var sharded = delegationTree.LookupSubtree(["canister_ranges"u8.ToArray(), subnet.Bytes.ToArray()]);
        byte[] ranges;
        if (sharded.Status == LookupStatus.Found)
        {
            var (shards, _) = sharded.Tree!.Children();
            var shard = shards.Where(s => s.Label.AsSpan().SequenceCompareTo(canister.Bytes) <= 0)
                .MaxBy(s => s.Label, ByteOrder.Instance)
                ?? throw new CertificateException(CertificateFailure.CanisterNotInRanges,
                    $"canister {canister} is below every range shard of subnet {subnet}");
            ranges = shard.Subtree is HashTree.Leaf leaf
                ? leaf.Value
                : throw new CertificateException(CertificateFailure.CanisterRangesMissing, $"the range shard of subnet {subnet} for {canister} is pruned");
        }
        else
        {
            var legacy = delegationTree.LookupPath(["subnet"u8.ToArray(), subnet.Bytes.ToArray(), "canister_ranges"u8.ToArray()]);
            ranges = legacy.Status == LookupStatus.Found
                ? legacy.Value!
                : throw new CertificateException(CertificateFailure.CanisterRangesMissing,
                    $"no canister ranges for subnet {subnet} (sharded: {sharded.Status}, legacy: {legacy.Status})");
        }
        if (!Decode(ranges).Any(r => r.Low.CompareTo(canister) <= 0 && canister.CompareTo(r.High) <= 0))
            throw new CertificateException(CertificateFailure.CanisterNotInRanges, $"canister {canister} is not in the ranges of subnet {subnet}");
    }

    public static List<(Principal Low, Principal High)> Decode(byte[] value)
    {
        try
        {
            var reader = new CborReader(value, CborConformanceMode.Lax);
            Certificate.SkipSelfDescribedTag(reader);
            var result = new List<(Principal, Principal)>();
            var count = reader.ReadStartArray();
            for (var i = 0; count is null ? reader.PeekState() != CborReaderState.EndArray : i < count; i++)
            {
                if (reader.ReadStartArray() != 2) throw new CertificateException(CertificateFailure.Malformed, "a canister range is not a pair");
                var low = ReadPrincipal(reader);
                var high = ReadPrincipal(reader);
                reader.ReadEndArray();
                result.Add((low, high));
            }
            reader.ReadEndArray();
            return result;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new CertificateException(CertificateFailure.Malformed, $"canister ranges are not CBOR [[lo, hi], …]: {e.Message}", e);
        }
    }

    private static Principal ReadPrincipal(CborReader reader) => Principal.FromBytes(reader.ReadByteString());

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static ByteOrder Instance { get; } = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
