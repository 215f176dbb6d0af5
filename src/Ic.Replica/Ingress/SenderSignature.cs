using System.Security.Cryptography;
using Canic.Fsm.Ic.Identity;
using NBitcoin.Secp256k1;

namespace Canic.Fsm.Ic.Replica.Ingress;

/// <summary>
/// Verifies <c>sender_sig</c> under <c>sender_pubkey</c> for the schemes the IC accepts: Ed25519 (RFC 8410 DER),
/// ECDSA secp256k1 and ECDSA P-256, both over SHA-256 with the 64-byte r‖s signature.
/// </summary>
internal static class SenderSignature
{
    private static readonly byte[] Secp256k1Prefix = Convert.FromHexString("3056301006072a8648ce3d020106052b8104000a034200");
    private static readonly byte[] P256Prefix = Convert.FromHexString("3059301306072a8648ce3d020106082a8648ce3d030107034200");

    /// <summary>Whether <paramref name="signature"/> signs <paramref name="message"/> under the DER key.</summary>
    /// <exception cref="IngressRefusal">The key is of no scheme the IC accepts.</exception>
    public static bool Verify(byte[] publicKeyDer, byte[] message, byte[] signature)
    {
        var der = publicKeyDer.AsSpan();
        if (der.Length == 44 && der[..12].SequenceEqual(Ed25519Identity.DerPrefix))
            return Ed25519Identity.Verify(der[12..], message, signature);
        if (der.Length == 88 && der[..23].SequenceEqual(Secp256k1Prefix))
            return VerifySecp256k1(der[23..], message, signature);
        if (der.Length == 91 && der[..26].SequenceEqual(P256Prefix))
            return VerifyP256(publicKeyDer, message, signature);
        throw IngressRefusal.BadRequest("sender_pubkey is not an Ed25519, ECDSA secp256k1 or ECDSA P-256 public key in DER");
    }

    private static bool VerifySecp256k1(ReadOnlySpan<byte> point, byte[] message, byte[] signature)
    {
        if (signature.Length != 64 || !ECPubKey.TryCreate(point, Context.Instance, out _, out var key) || key is null) return false;
        if (!SecpECDSASignature.TryCreateFromCompact(signature, out var parsed) || parsed is null) return false;
        return key.SigVerify(parsed, System.Security.Cryptography.SHA256.HashData(message));
    }

    private static bool VerifyP256(byte[] der, byte[] message, byte[] signature)
    {
        if (signature.Length != 64) return false;
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(der, out _);
            return key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
