using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

/// <summary>Canister ids (10 bytes, opaque class) that no simulated subnet hands out: an 8-byte index far above its range, then 0x01 0x01.</summary>
internal static class TestCanisterIds
{
    public static Principal Unallocated(byte n)
    {
        var bytes = new byte[10];
        bytes[0] = 0x7f;
        bytes[7] = n;
        bytes[8] = 0x01;
        bytes[9] = 0x01;
        return Principal.FromBytes(bytes);
    }
}
