namespace Canic.Fsm.Ic;

/// <summary>RFC 4648 base32, lower case, without padding, as principals use it.</summary>
internal static class Base32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var chars = new char[EncodedLength(data.Length)];
        Encode(data, chars);
        return new string(chars);
    }

    /// <summary>The number of characters <paramref name="bytes"/> bytes encode to.</summary>
    public static int EncodedLength(int bytes) => (bytes * 8 + 4) / 5;

    /// <summary>Encodes into <paramref name="chars"/>, which holds exactly <see cref="EncodedLength"/> characters.</summary>
    public static void Encode(ReadOnlySpan<byte> data, Span<char> chars)
    {
        int buffer = 0, bits = 0, index = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[index++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        if (bits > 0) chars[index] = Alphabet[(buffer << (5 - bits)) & 31];
    }

    public static bool TryDecode(string text, out byte[] data)
    {
        var output = new byte[text.Length * 5 / 8];
        int buffer = 0, bits = 0, index = 0;
        foreach (var c in text)
        {
            var value = c is >= 'a' and <= 'z' ? c - 'a' : c is >= '2' and <= '7' ? c - '2' + 26 : -1;
            if (value < 0) { data = []; return false; }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                output[index++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
            buffer &= (1 << bits) - 1;
        }
        data = output;
        return true;
    }
}
