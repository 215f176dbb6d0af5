using Canic.Fsm.Ic.Agent;
using Canic.Fsm.Ic.Envelope;
using Canic.Fsm.Ic.Identity;

namespace Canic.Fsm.Ic.Replica.Ingress;

/// <summary>
/// A signed request as the replica accepted it: the content, its request id and its authenticated sender. <see cref="Read"/>
/// checks what the IC checks before processing: the envelope's form, the request type of the endpoint, the sender's
/// signature and that the key is the sender's, and the ingress expiry.
/// </summary>
internal sealed record IngressMessage(Dictionary<string, object> Content, byte[] RequestId, Principal Sender, ulong IngressExpiry)
{
    /// <summary>How far beyond the maximum time-to-live (5 minutes) an expiry may lie: the IC's permitted drift.</summary>
    public static readonly TimeSpan PermittedDrift = TimeSpan.FromSeconds(30);

    /// <summary>The IC's maximum ingress time-to-live.</summary>
    public static readonly TimeSpan MaxTimeToLive = TimeSpan.FromMinutes(5);

    public string RequestType => (string)Content["request_type"];

    public string? Text(string key) => Content.TryGetValue(key, out var v) ? v as string : null;

    public byte[]? Bytes(string key) => Content.TryGetValue(key, out var v) ? v as byte[] : null;

    /// <summary>Reads and authenticates a request body.</summary>
    /// <param name="body">The CBOR envelope.</param>
    /// <param name="requestType">The type the endpoint serves: <c>call</c>, <c>query</c> or <c>read_state</c>.</param>
    /// <param name="now">The replica's time.</param>
    /// <exception cref="IngressRefusal">Why the request is refused.</exception>
    public static IngressMessage Read(byte[] body, string requestType, DateTimeOffset now)
    {
        Dictionary<string, object> envelope;
        try
        {
            envelope = CborValue.ReadMap(body, "envelope");
        }
        catch (IcProtocolException e)
        {
            throw IngressRefusal.BadRequest($"Could not parse body as {requestType} message: {e.Message}");
        }
        if (!envelope.TryGetValue("content", out var c) || c is not Dictionary<string, object> content)
            throw IngressRefusal.BadRequest("The envelope has no content map");
        if (envelope.ContainsKey("sender_delegation"))
            throw IngressRefusal.BadRequest("Sender delegations are not supported by this development replica");
        if (content.GetValueOrDefault("request_type") as string != requestType)
            throw IngressRefusal.BadRequest($"Expected a request of type '{requestType}', got '{content.GetValueOrDefault("request_type")}'");
        if (content.GetValueOrDefault("sender") is not byte[] senderBytes || senderBytes.Length > 29)
            throw IngressRefusal.BadRequest("The content has no valid sender");
        if (content.GetValueOrDefault("ingress_expiry") is not ulong expiry)
            throw IngressRefusal.BadRequest("The content has no ingress_expiry");
        RequireFields(content, requestType);
        byte[] requestId;
        try
        {
            requestId = RequestContent.HashOfMap(content);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw IngressRefusal.BadRequest($"The content cannot be hashed: {e.Message}");
        }
        var sender = Principal.FromBytes(senderBytes);
        Authenticate(envelope, sender, requestId);
        // The IC serves anonymous read_state and query with any expiry, so that a client with a wrong clock can read /time.
        if (!(sender == Principal.Anonymous && requestType != "call")) CheckExpiry(expiry, now);
        return new IngressMessage(content, requestId, sender, expiry);
    }

    private static void RequireFields(Dictionary<string, object> content, string requestType)
    {
        if (requestType == "read_state")
        {
            if (content.GetValueOrDefault("paths") is not List<object> paths || paths.Any(p => p is not List<object> labels || labels.Any(l => l is not byte[])))
                throw IngressRefusal.BadRequest("read_state paths must be a list of lists of byte strings");
            if (paths.Count > 1000 || paths.Any(p => ((List<object>)p).Count > 127))
                throw IngressRefusal.BadRequest("read_state allows at most 1000 paths of at most 127 labels");
            return;
        }
        if (content.GetValueOrDefault("canister_id") is not byte[] { Length: <= 29 } || content.GetValueOrDefault("method_name") is not string
            || content.GetValueOrDefault("arg") is not byte[])
            throw IngressRefusal.BadRequest($"A {requestType} needs canister_id, method_name and arg");
        if (content.GetValueOrDefault("nonce") is byte[] { Length: > 32 })
            throw IngressRefusal.BadRequest("The nonce is longer than 32 bytes");
    }

    private static void Authenticate(Dictionary<string, object> envelope, Principal sender, byte[] requestId)
    {
        var key = envelope.GetValueOrDefault("sender_pubkey") as byte[];
        var signature = envelope.GetValueOrDefault("sender_sig") as byte[];
        if (sender == Principal.Anonymous)
        {
            if (key is not null || signature is not null) throw IngressRefusal.BadRequest("An anonymous request carries no sender_pubkey or sender_sig");
            return;
        }
        if (key is null || signature is null)
            throw IngressRefusal.Forbidden($"Missing signature from user: {sender}");
        var owner = SelfAuthenticating.PrincipalOf(key);
        if (owner != sender)
            throw IngressRefusal.Forbidden($"The sender {sender} is not the principal of sender_pubkey ({owner})");
        if (!SenderSignature.Verify(key, [.. SignedRequest.RequestDomain, .. requestId], signature))
            throw IngressRefusal.Forbidden($"Invalid signature: the signature of request {Convert.ToHexStringLower(requestId)} does not verify under the sender's key");
    }

    private static void CheckExpiry(ulong expiry, DateTimeOffset now)
    {
        var at = IcTime.FromNanoseconds(expiry);
        var max = now + MaxTimeToLive + PermittedDrift;
        if (at < now || at > max)
            throw IngressRefusal.BadRequest(
                $"Invalid request expiry: Specified ingress_expiry not within expected range: Minimum allowed expiry: {now:O}, Maximum allowed expiry: {max:O}, Provided expiry: {at:O}");
    }
}
