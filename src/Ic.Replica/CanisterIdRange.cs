namespace Canic.Fsm.Ic.Replica;

/// <summary>An inclusive range of canister ids, compared bytewise as the IC compares principals.</summary>
/// <param name="Low">The first id.</param>
/// <param name="High">The last id.</param>
public sealed record CanisterIdRange(Principal Low, Principal High)
{
    /// <summary>Whether <paramref name="id"/> lies in the range.</summary>
    public bool Contains(Principal id) =>
        Low.Bytes.SequenceCompareTo(id.Bytes) <= 0 && id.Bytes.SequenceCompareTo(High.Bytes) <= 0;

    /// <summary>The canister id of index <paramref name="index"/>: 8 bytes big-endian, then <c>0x01 0x01</c>.</summary>
    public static Principal CanisterId(ulong index)
    {
        var bytes = new byte[10];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, index);
        bytes[8] = 1;
        bytes[9] = 1;
        return Principal.FromBytes(bytes);
    }

    /// <inheritdoc />
    public override string ToString() => $"[{Low}, {High}]";
}
