using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;

namespace Canic.Fsm.Ic.Envelope;

/// <summary>
/// The <c>content</c> of a call, query or read_state request: an ordered map whose values are blobs
/// (<see cref="byte"/>[]), texts, nats (<see cref="ulong"/>), arrays (<see cref="IReadOnlyList{T}"/> of values)
/// or maps. The order is the CBOR key order (agent-js's, so envelopes compare byte for byte); the request id
/// does not depend on it.
/// </summary>
public sealed class RequestContent
{
    private RequestContent(string requestType, IReadOnlyList<KeyValuePair<string, object>> fields)
    {
        RequestType = requestType;
        Fields = fields;
    }

    /// <summary><c>call</c>, <c>query</c> or <c>read_state</c>.</summary>
    public string RequestType { get; }

    /// <summary>The fields in CBOR order.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Fields { get; }

    /// <summary>The sender principal.</summary>
    public Principal Sender => Principal.FromBytes((byte[])Fields.First(f => f.Key == "sender").Value);

    /// <summary>The <c>ingress_expiry</c>, in nanoseconds since the epoch.</summary>
    public ulong IngressExpiry => (ulong)Fields.First(f => f.Key == "ingress_expiry").Value;

    /// <summary>The content of an update call.</summary>
    /// <param name="canisterId">The callee.</param>
    /// <param name="methodName">The method.</param>
    /// <param name="arg">The Candid argument.</param>
    /// <param name="sender">The caller.</param>
    /// <param name="ingressExpiry">Nanoseconds since the epoch.</param>
    /// <param name="nonce">Makes two identical calls distinct; omitted when null (never sent empty).</param>
    public static RequestContent Call(Principal canisterId, string methodName, byte[] arg, Principal sender, ulong ingressExpiry, byte[]? nonce) =>
        CanisterRequest("call", canisterId, methodName, arg, sender, ingressExpiry, nonce);

    /// <summary>The content of a query.</summary>
    public static RequestContent Query(Principal canisterId, string methodName, byte[] arg, Principal sender, ulong ingressExpiry, byte[]? nonce = null) =>
        CanisterRequest("query", canisterId, methodName, arg, sender, ingressExpiry, nonce);

    /// <summary>The content of a read_state request for <paramref name="paths"/> (each a list of labels).</summary>
    public static RequestContent ReadState(IReadOnlyList<IReadOnlyList<byte[]>> paths, Principal sender, ulong ingressExpiry, byte[]? nonce = null)
    {
        var fields = new List<KeyValuePair<string, object>>
        {
            new("request_type", "read_state"),
            new("paths", paths.Select(p => (object)p.Cast<object>().ToList()).ToList()),
            new("ingress_expiry", ingressExpiry),
            new("sender", sender.Bytes.ToArray()),
        };
        if (nonce is not null) fields.Add(new("nonce", Nonce(nonce)));
        return new RequestContent("read_state", fields);
    }

    private static RequestContent CanisterRequest(string type, Principal canisterId, string methodName, byte[] arg, Principal sender, ulong ingressExpiry, byte[]? nonce)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        ArgumentNullException.ThrowIfNull(arg);
        var fields = new List<KeyValuePair<string, object>>
        {
            new("request_type", type),
            new("canister_id", canisterId.Bytes.ToArray()),
            new("method_name", methodName),
            new("arg", arg),
            new("sender", sender.Bytes.ToArray()),
            new("ingress_expiry", ingressExpiry),
        };
        if (nonce is not null) fields.Add(new("nonce", Nonce(nonce)));
        return new RequestContent(type, fields);
    }

    private static byte[] Nonce(byte[] nonce) => nonce.Length is > 0 and <= 32
        ? nonce
        : throw new ArgumentException($"A nonce has 1 to 32 bytes, got {nonce.Length}.", nameof(nonce));

    /// <summary>The representation-independent request id: <c>hash_of_map</c> of the content.</summary>
    public byte[] RequestId() => HashOfMap(Fields);

    /// <summary><c>hash_of_map</c>: SHA-256 of the sorted <c>H(key) ‖ H(value)</c> pairs.</summary>
    public static byte[] HashOfMap(IEnumerable<KeyValuePair<string, object>> fields)
    {
        var pairs = fields.Select(f => (byte[])[.. SHA256.HashData(Encoding.UTF8.GetBytes(f.Key)), .. HashOfValue(f.Value)]).ToList();
        pairs.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var pair in pairs) hash.AppendData(pair);
        return hash.GetHashAndReset();
    }

    private static byte[] HashOfValue(object value) => value switch
    {
        byte[] blob => SHA256.HashData(blob),
        string text => SHA256.HashData(Encoding.UTF8.GetBytes(text)),
        ulong nat => SHA256.HashData(Leb128.EncodeUnsigned(nat)),
        IEnumerable<KeyValuePair<string, object>> map => HashOfMap(map),
        System.Collections.IEnumerable array => SHA256.HashData(array.Cast<object>().SelectMany(HashOfValue).ToArray()),
        _ => throw new ArgumentException($"A request field of type {value.GetType().Name} cannot be hashed."),
    };

    /// <summary>Writes the content as a CBOR map.</summary>
    public void WriteTo(CborWriter writer) => WriteMap(writer, Fields);

    internal static void WriteMap(CborWriter writer, IReadOnlyCollection<KeyValuePair<string, object>> fields)
    {
        writer.WriteStartMap(fields.Count);
        foreach (var (key, value) in fields)
        {
            writer.WriteTextString(key);
            WriteValue(writer, value);
        }
        writer.WriteEndMap();
    }

    private static void WriteValue(CborWriter writer, object value)
    {
        switch (value)
        {
            case byte[] blob: writer.WriteByteString(blob); break;
            case string text: writer.WriteTextString(text); break;
            case ulong nat: writer.WriteUInt64(nat); break;
            case IReadOnlyCollection<KeyValuePair<string, object>> map: WriteMap(writer, map); break;
            case IReadOnlyList<object> array:
                writer.WriteStartArray(array.Count);
                foreach (var item in array) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            default: throw new ArgumentException($"A request field of type {value.GetType().Name} cannot be encoded.");
        }
    }
}
