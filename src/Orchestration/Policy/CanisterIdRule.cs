using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Policy;

/// <summary>
/// Which principals can name a canister. The IC assigns canister ids from the opaque id class (the last byte is 0x01), and
/// every subnet's allocator writes them as 10 bytes: an 8-byte big-endian index followed by 0x01 0x01. The management
/// canister (<c>aaaaa-aa</c>, empty), the anonymous principal (<c>2vxsx-fae</c>, 0x04), self-authenticating principals of
/// users (29 bytes ending in 0x02) and derived ids (0x03) are never canisters.
/// </summary>
public static class CanisterIdRule
{
    /// <summary>The length of every canister id the IC hands out.</summary>
    public const int Length = 10;

    /// <summary>The last byte of an opaque id.</summary>
    public const byte OpaqueClass = 0x01;

    /// <summary>Null when <paramref name="pid"/> can be a canister id; otherwise why it cannot, in words.</summary>
    /// <param name="pid">The principal.</param>
    public static string? WhyNot(Principal pid)
    {
        var bytes = pid.Bytes;
        if (bytes.IsEmpty) return $"{pid} is the management canister, not a canister that can be managed";
        if (pid == Principal.Anonymous) return $"{pid} is the anonymous principal, not a canister";
        return bytes[^1] switch
        {
            0x02 => $"{pid} is a self-authenticating (user) principal, not a canister",
            0x03 => $"{pid} is a derived principal, not a canister",
            OpaqueClass when bytes.Length == Length => null,
            _ => $"{pid} is not a canister id (a canister id is {Length} bytes of the opaque class, ending in 0x01; this one has {bytes.Length} bytes ending in 0x{bytes[^1]:x2})",
        };
    }
}
