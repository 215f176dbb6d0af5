using System.Formats.Cbor;

namespace Canic.Fsm.Ic.Agent;

/// <summary>
/// Reads the small CBOR bodies of IC replies into plain values: maps (text keys) become dictionaries, byte strings
/// <see cref="byte"/>[], texts <see cref="string"/>, unsigned integers <see cref="ulong"/>, arrays lists. Bounded
/// (depth, size); anything else is an <see cref="IcProtocolException"/>.
/// </summary>
internal static class CborValue
{
    private const int MaxDepth = 16;

    public static Dictionary<string, object> ReadMap(byte[] body, string what)
    {
        try
        {
            var reader = new CborReader(body, CborConformanceMode.Lax);
            if (reader.PeekState() == CborReaderState.Tag && reader.PeekTag() == (CborTag)55799) reader.ReadTag();
            var value = Read(reader, 0) as Dictionary<string, object>
                ?? throw new IcProtocolException($"The {what} is not a CBOR map.");
            if (reader.BytesRemaining != 0) throw new IcProtocolException($"Bytes follow the {what}.");
            return value;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw new IcProtocolException($"The {what} is not valid CBOR: {e.Message}", e);
        }
    }

    private static object Read(CborReader reader, int depth)
    {
        if (depth > MaxDepth) throw new IcProtocolException($"The CBOR body nests deeper than {MaxDepth}.");
        switch (reader.PeekState())
        {
            case CborReaderState.StartMap:
                var count = reader.ReadStartMap();
                var map = new Dictionary<string, object>();
                while (reader.PeekState() != CborReaderState.EndMap)
                {
                    var key = reader.ReadTextString();
                    if (!map.TryAdd(key, Read(reader, depth + 1))) throw new IcProtocolException($"The CBOR map repeats the key '{key}'.");
                }
                reader.ReadEndMap();
                _ = count;
                return map;
            case CborReaderState.StartArray:
                reader.ReadStartArray();
                var list = new List<object>();
                while (reader.PeekState() != CborReaderState.EndArray) list.Add(Read(reader, depth + 1));
                reader.ReadEndArray();
                return list;
            case CborReaderState.ByteString: return reader.ReadByteString();
            case CborReaderState.TextString: return reader.ReadTextString();
            case CborReaderState.UnsignedInteger: return reader.ReadUInt64();
            case CborReaderState.Tag:
                reader.ReadTag();
                return Read(reader, depth + 1);
            default:
                reader.SkipValue();
                return new object();
        }
    }

    public static T Get<T>(Dictionary<string, object> map, string key, string what) =>
        map.TryGetValue(key, out var value) && value is T typed
            ? typed
            : throw new IcProtocolException($"The {what} has no {typeof(T).Name} field '{key}'.");

    public static T? Find<T>(Dictionary<string, object> map, string key) where T : class =>
        map.TryGetValue(key, out var value) ? value as T : null;
}
