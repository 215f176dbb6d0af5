using NBitcoin.Secp256k1;

namespace Canic.Fsm.Ic.Identity;

/// <summary>
/// A secp256k1 identity (what dfx 0.12 and later writes). Signing uses NBitcoin.Secp256k1: RFC 6979 nonces and
/// low-S, byte for byte what agent-js and agent-rs produce; the BCL signs with random nonces and no low-S rule.
/// </summary>
public sealed class Secp256k1Identity : IIdentity
{
    /// <summary>The DER prefix of a secp256k1 SubjectPublicKeyInfo (id-ecPublicKey, 1.3.132.0.10), before the 65-byte point.</summary>
    public static ReadOnlySpan<byte> DerPrefix =>
        [0x30, 0x56, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a, 0x03, 0x42, 0x00];

    private readonly ECPrivKey _key;

    /// <summary>The identity of a 32-byte secret key.</summary>
    /// <exception cref="IdentityFormatException">The key is not 32 bytes or not in [1, n−1].</exception>
    public static Secp256k1Identity FromSecretKey(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != 32) throw new IdentityFormatException($"A secp256k1 secret key has 32 bytes, got {secret.Length}.");
        return ECPrivKey.TryCreate(secret, out var key)
            ? new Secp256k1Identity(key)
            : throw new IdentityFormatException("The secp256k1 secret key is zero or not below the curve order.");
    }

    private Secp256k1Identity(ECPrivKey key)
    {
        _key = key;
        PublicKeyDer = [.. DerPrefix, .. key.CreatePubKey().ToBytes(false)];
        Sender = SelfAuthenticating.PrincipalOf(PublicKeyDer);
    }

    /// <inheritdoc />
    public Principal Sender { get; }

    /// <inheritdoc />
    public byte[]? PublicKeyDer { get; }

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(message, hash);
        var signature = _key.SignECDSARFC6979(hash);
        var compact = new byte[64];
        signature.WriteCompactToSpan(compact);
        return compact;
    }
}
