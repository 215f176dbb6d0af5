using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Canic.Fsm.Ic.Identity;

/// <summary>
/// An Ed25519 identity (the form older dfx versions wrote). Signing uses BouncyCastle: the BCL has no Ed25519,
/// and NSec (libsodium) refuses the legacy dfx PEM.
/// </summary>
public sealed class Ed25519Identity : IIdentity
{
    /// <summary>The DER prefix of an Ed25519 SubjectPublicKeyInfo (OID 1.3.101.112).</summary>
    public static ReadOnlySpan<byte> DerPrefix => [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

    private readonly Ed25519PrivateKeyParameters _key;

    /// <summary>The identity of a 32-byte seed (RFC 8032 private key).</summary>
    /// <exception cref="IdentityFormatException">The seed is not 32 bytes.</exception>
    public static Ed25519Identity FromSeed(ReadOnlySpan<byte> seed) => seed.Length == 32
        ? new Ed25519Identity(new Ed25519PrivateKeyParameters(seed))
        : throw new IdentityFormatException($"An Ed25519 seed has 32 bytes, got {seed.Length}.");

    private Ed25519Identity(Ed25519PrivateKeyParameters key)
    {
        _key = key;
        RawPublicKey = key.GeneratePublicKey().GetEncoded();
        PublicKeyDer = [.. DerPrefix, .. RawPublicKey];
        Sender = SelfAuthenticating.PrincipalOf(PublicKeyDer);
    }

    /// <summary>The 32-byte public key.</summary>
    public byte[] RawPublicKey { get; }

    /// <inheritdoc />
    public Principal Sender { get; }

    /// <inheritdoc />
    public byte[]? PublicKeyDer { get; }

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, _key);
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }

    /// <summary>Verifies an Ed25519 signature (used for the node signatures of query replies).</summary>
    public static bool Verify(ReadOnlySpan<byte> rawPublicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (rawPublicKey.Length != 32 || signature.Length != 64) return false;
        try
        {
            var verifier = new Ed25519Signer();
            verifier.Init(false, new Ed25519PublicKeyParameters(rawPublicKey));
            verifier.BlockUpdate(message);
            return verifier.VerifySignature(signature.ToArray());
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
