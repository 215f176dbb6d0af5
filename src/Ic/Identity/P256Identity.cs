using System.Numerics;
using System.Security.Cryptography;

namespace Canic.Fsm.Ic.Identity;

/// <summary>
/// A P-256 (secp256r1) identity, signed with the BCL's ECDSA (SHA-256, r‖s). dfx does not write this kind,
/// but the IC accepts it. The BCL's s is normalized to low-S, which the IC accepts and some verifiers require.
/// </summary>
public sealed class P256Identity : IIdentity, IDisposable
{
    private static readonly BigInteger Order = BigInteger.Parse(
        "0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber);

    private readonly ECDsa _key;

    /// <summary>The identity of a 32-byte private scalar.</summary>
    /// <exception cref="IdentityFormatException">The scalar is not a valid P-256 private key.</exception>
    public static P256Identity FromPrivateKey(ReadOnlySpan<byte> d)
    {
        if (d.Length != 32) throw new IdentityFormatException($"A P-256 private key has 32 bytes, got {d.Length}.");
        try
        {
            var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d.ToArray() });
            return new P256Identity(key);
        }
        catch (CryptographicException e)
        {
            throw new IdentityFormatException("The P-256 private key is not valid.", e);
        }
    }

    private P256Identity(ECDsa key)
    {
        _key = key;
        PublicKeyDer = key.ExportSubjectPublicKeyInfo();
        Sender = SelfAuthenticating.PrincipalOf(PublicKeyDer);
    }

    /// <inheritdoc />
    public Principal Sender { get; }

    /// <inheritdoc />
    public byte[]? PublicKeyDer { get; }

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signature = _key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var s = new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true);
        if (s > Order / 2)
        {
            var low = (Order - s).ToByteArray(isUnsigned: true, isBigEndian: true);
            Array.Clear(signature, 32, 32);
            low.CopyTo(signature, 64 - low.Length);
        }
        return signature;
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
