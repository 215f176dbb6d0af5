namespace Canic.Fsm.Ic.Identity;

/// <summary>
/// Who signs requests: a principal, its DER public key and a signature scheme the IC accepts. The agent signs
/// <c>"\x0Aic-request" ‖ request_id</c> with <see cref="Sign"/>.
/// </summary>
public interface IIdentity
{
    /// <summary>The sender principal (self-authenticating, or anonymous).</summary>
    Principal Sender { get; }

    /// <summary>The DER (SubjectPublicKeyInfo) public key sent as <c>sender_pubkey</c>; null for the anonymous identity.</summary>
    byte[]? PublicKeyDer { get; }

    /// <summary>Signs <paramref name="message"/> as the IC expects: Ed25519 64 bytes, or ECDSA-SHA-256 r‖s (64 bytes, low-S).</summary>
    /// <exception cref="InvalidOperationException">The anonymous identity cannot sign.</exception>
    byte[] Sign(ReadOnlySpan<byte> message);
}
