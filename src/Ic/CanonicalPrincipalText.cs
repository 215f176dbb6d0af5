using System.Buffers.Binary;

namespace Canic.Fsm.Ic;

/// <summary>
/// The fast path of <see cref="Principal.Parse"/> for text already in canonical form (lower case, a dash after every
/// five characters, zero padding bits), which is how the store and the IC write principals. It decodes in place and
/// checks the checksum, without re-encoding: base32 is one-to-one once the padding is fewer than five zero bits, so the
/// text is canonical exactly when those checks pass. Anything else returns false and takes the full parse, which
/// accepts other case and spaces and says what is wrong.
/// </summary>
internal static class CanonicalPrincipalText
{
    private const int MaxDecoded = 4 + Principal.MaxLength;

    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] body)
    {
        body = [];
        Span<byte> decoded = stackalloc byte[MaxDecoded];
        int buffer = 0, bits = 0, count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (i % 6 == 5)
            {
                if (c != '-' || i == text.Length - 1) return false;
                continue;
            }
            var value = c is >= 'a' and <= 'z' ? c - 'a' : c is >= '2' and <= '7' ? c - '2' + 26 : -1;
            if (value < 0) return false;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                if (count == MaxDecoded) return false;
                decoded[count++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits >= 5 || buffer != 0 || count < 4) return false;
        var bytes = decoded[4..count];
        if (BinaryPrimitives.ReadUInt32BigEndian(decoded) != Crc32.HashToUInt32(bytes)) return false;
        body = bytes.ToArray();
        return true;
    }
}
