using System.Numerics;

namespace Canic.Fsm.Ic;

/// <summary>Unsigned and signed LEB128, as Candid and the request-id hash use them.</summary>
internal static class Leb128
{
    public static void WriteUnsigned(Stream output, BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), "ULEB128 of a negative number.");
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            if (!value.IsZero) b |= 0x80;
            output.WriteByte(b);
        } while (!value.IsZero);
    }

    public static void WriteUnsigned(Stream output, ulong value)
    {
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0) b |= 0x80;
            output.WriteByte(b);
        } while (value != 0);
    }

    public static void WriteSigned(Stream output, BigInteger value)
    {
        while (true)
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            var done = (value.IsZero && (b & 0x40) == 0) || (value == BigInteger.MinusOne && (b & 0x40) != 0);
            if (!done) b |= 0x80;
            output.WriteByte(b);
            if (done) return;
        }
    }

    public static byte[] EncodeUnsigned(ulong value)
    {
        using var stream = new MemoryStream(10);
        WriteUnsigned(stream, value);
        return stream.ToArray();
    }
}
