using System.Formats.Cbor;

namespace Canic.Fsm.Ic.Envelope;

/// <summary>
/// A signed request: the CBOR envelope <c>55799({content, sender_pubkey, sender_sig})</c> (key and signature
/// omitted for the anonymous sender) and its request id. Resending the same bytes is idempotent: the IC
/// deduplicates by request id.
/// </summary>
public sealed class SignedRequest
{
    /// <summary>The self-describing CBOR tag every body starts with (<c>d9 d9 f7</c>).</summary>
    public const ulong SelfDescribedTag = 55799;

    /// <summary>The domain separator of request signatures, <c>"\x0Aic-request"</c>.</summary>
    public static ReadOnlySpan<byte> RequestDomain => "\x0Aic-request"u8;

    private SignedRequest(RequestContent content, byte[] requestId, byte[] body)
    {
        Content = content;
        RequestId = requestId;
        Body = body;
    }

    /// <summary>The content.</summary>
    public RequestContent Content { get; }

    /// <summary>The request id (32 bytes).</summary>
    public byte[] RequestId { get; }

    /// <summary>The CBOR body to POST.</summary>
    public byte[] Body { get; }

    /// <summary>Signs <paramref name="content"/> as <paramref name="identity"/>.</summary>
    /// <exception cref="ArgumentException">The content's sender is not the identity's principal.</exception>
    public static SignedRequest Create(RequestContent content, Identity.IIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(identity);
        if (content.Sender != identity.Sender)
            throw new ArgumentException($"The request's sender {content.Sender} is not the signing identity {identity.Sender}.", nameof(content));
        var requestId = content.RequestId();
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteTag((CborTag)SelfDescribedTag);
        var publicKey = identity.PublicKeyDer;
        writer.WriteStartMap(publicKey is null ? 1 : 3);
        writer.WriteTextString("content");
        content.WriteTo(writer);
        if (publicKey is not null)
        {
            writer.WriteTextString("sender_pubkey");
            writer.WriteByteString(publicKey);
            writer.WriteTextString("sender_sig");
            writer.WriteByteString(identity.Sign([.. RequestDomain, .. requestId]));
        }
        writer.WriteEndMap();
        return new SignedRequest(content, requestId, writer.Encode());
    }
}
