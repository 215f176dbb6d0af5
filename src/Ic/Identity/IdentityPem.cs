using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;

namespace Canic.Fsm.Ic.Identity;

/// <summary>
/// Loads identities from the PEM files dfx and openssl write: secp256k1 SEC1 (<c>BEGIN EC PRIVATE KEY</c>, CRLF
/// or LF, optionally after an <c>EC PARAMETERS</c> block) and PKCS#8; Ed25519 PKCS#8 (RFC 8410) and the legacy
/// dfx (ring) form with its non-conforming <c>[1]</c> public key; P-256 SEC1 and PKCS#8. ASN.1 is read with
/// BouncyCastle. Encrypted keys are refused with a message saying how to export a plaintext one.
/// </summary>
public static class IdentityPem
{
    private static readonly DerObjectIdentifier Secp256k1 = SecObjectIdentifiers.SecP256k1;
    private static readonly DerObjectIdentifier P256 = X9ObjectIdentifiers.Prime256v1;

    /// <summary>Reads the identity in the PEM file at <paramref name="path"/>.</summary>
    /// <exception cref="IdentityFormatException">The file holds no usable key; the message names the file and says why.</exception>
    public static IIdentity LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IdentityFormatException($"Cannot read the identity file '{path}': {e.Message}", e);
        }
        try
        {
            return Load(text);
        }
        catch (IdentityFormatException e)
        {
            throw new IdentityFormatException($"Identity file '{path}': {e.Message}", e);
        }
    }

    /// <summary>Reads the identity in PEM text.</summary>
    /// <exception cref="IdentityFormatException">No usable key; the message says why.</exception>
    public static IIdentity Load(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (pem.Contains("ENCRYPTED", StringComparison.Ordinal))
            throw new IdentityFormatException("The key is encrypted. Export a plaintext PEM (dfx identity export <name> > identity.pem) and protect the file instead.");
        var remaining = pem.AsSpan();
        DerObjectIdentifier? parametersCurve = null;
        while (PemEncoding.TryFind(remaining, out var fields))
        {
            var label = remaining[fields.Label].ToString();
            var der = DecodeBase64(remaining[fields.Base64Data], label);
            remaining = remaining[fields.Location.End..];
            switch (label)
            {
                case "EC PARAMETERS":
                    parametersCurve = ReadAsn1(der, label) as DerObjectIdentifier
                        ?? throw new IdentityFormatException("The EC PARAMETERS block does not name a curve.");
                    continue;
                case "EC PRIVATE KEY":
                    return FromSec1(der, parametersCurve);
                case "PRIVATE KEY":
                    return FromPkcs8(der);
                default:
                    throw new IdentityFormatException($"A PEM block '{label}' is not a private key (expected EC PRIVATE KEY or PRIVATE KEY).");
            }
        }
        throw new IdentityFormatException(pem.Contains("-----BEGIN", StringComparison.Ordinal)
            ? "The PEM is truncated or damaged: no complete BEGIN/END block with valid base64."
            : "The text is not PEM: no -----BEGIN ...----- block.");
    }

    private static byte[] DecodeBase64(ReadOnlySpan<char> base64, string label)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64Chars(base64.ToString().Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal), buffer, out var written)
            ? buffer[..written]
            : throw new IdentityFormatException($"The {label} block is not valid base64.");
    }

    private static Asn1Object ReadAsn1(byte[] der, string what)
    {
        try
        {
            return Asn1Object.FromByteArray(der);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            throw new IdentityFormatException($"The {what} block is not valid DER (truncated?): {e.Message}", e);
        }
    }

    private static IIdentity FromSec1(byte[] der, DerObjectIdentifier? parametersCurve)
    {
        ECPrivateKeyStructure key;
        try
        {
            key = ECPrivateKeyStructure.GetInstance(ReadAsn1(der, "EC PRIVATE KEY"));
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or InvalidOperationException)
        {
            throw new IdentityFormatException($"The EC PRIVATE KEY block is not a SEC1 key: {e.Message}", e);
        }
        var curve = key.Parameters as DerObjectIdentifier ?? parametersCurve
            ?? throw new IdentityFormatException("The EC PRIVATE KEY names no curve.");
        if (parametersCurve is not null && !parametersCurve.Equals(curve))
            throw new IdentityFormatException($"The EC PARAMETERS curve {parametersCurve} differs from the key's curve {curve}.");
        return FromEcScalar(curve, key.GetKey());
    }

    private static IIdentity FromEcScalar(DerObjectIdentifier curve, Org.BouncyCastle.Math.BigInteger scalar)
    {
        if (!curve.Equals(Secp256k1) && !curve.Equals(P256))
            throw new IdentityFormatException($"The EC key is on curve {curve}; the IC accepts secp256k1 (1.3.132.0.10) and P-256 (1.2.840.10045.3.1.7).");
        var bytes = scalar.ToByteArrayUnsigned();
        if (bytes.Length > 32) throw new IdentityFormatException("The EC private key is longer than 32 bytes.");
        var secret = new byte[32];
        bytes.CopyTo(secret, 32 - bytes.Length);
        return curve.Equals(Secp256k1) ? Secp256k1Identity.FromSecretKey(secret) : P256Identity.FromPrivateKey(secret);
    }

    private static IIdentity FromPkcs8(byte[] der)
    {
        der = NormalizeLegacyEd25519(der);
        PrivateKeyInfo info;
        try
        {
            info = PrivateKeyInfo.GetInstance(ReadAsn1(der, "PRIVATE KEY"));
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or InvalidOperationException)
        {
            throw new IdentityFormatException($"The PRIVATE KEY block is not PKCS#8: {e.Message}", e);
        }
        var algorithm = info.PrivateKeyAlgorithm.Algorithm;
        try
        {
            if (algorithm.Equals(EdECObjectIdentifiers.id_Ed25519))
                return Ed25519Identity.FromSeed(Asn1OctetString.GetInstance(info.ParsePrivateKey()).GetOctets());
            if (algorithm.Equals(X9ObjectIdentifiers.IdECPublicKey))
            {
                var curve = info.PrivateKeyAlgorithm.Parameters as DerObjectIdentifier
                    ?? throw new IdentityFormatException("The PKCS#8 EC key names no curve.");
                return FromEcScalar(curve, ECPrivateKeyStructure.GetInstance(info.ParsePrivateKey()).GetKey());
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException)
        {
            throw new IdentityFormatException($"The PKCS#8 key is damaged: {e.Message}", e);
        }
        throw new IdentityFormatException($"The PKCS#8 key uses algorithm {algorithm}; expected Ed25519 or EC (secp256k1, P-256).");
    }

    /// <summary>
    /// Old dfx (ring) wrote Ed25519 keys as 85-byte "PKCS#8 v2" with the public key in a constructed <c>[1]</c>
    /// (<c>a1 23 03 21 00</c>), which RFC 5958 parsers refuse. As agent-rs does, keep the first 48 bytes as a
    /// v1 key, after checking that the embedded public key is the seed's.
    /// </summary>
    private static byte[] NormalizeLegacyEd25519(byte[] der)
    {
        ReadOnlySpan<byte> legacyHeader = [0x30, 0x53, 0x02, 0x01, 0x01, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];
        ReadOnlySpan<byte> publicKeyTag = [0xa1, 0x23, 0x03, 0x21, 0x00];
        if (der.Length != 85 || !der.AsSpan(0, 16).SequenceEqual(legacyHeader) || !der.AsSpan(48, 5).SequenceEqual(publicKeyTag)) return der;
        var identity = Ed25519Identity.FromSeed(der.AsSpan(16, 32));
        if (!identity.RawPublicKey.AsSpan().SequenceEqual(der.AsSpan(53, 32)))
            throw new IdentityFormatException("The legacy dfx Ed25519 key's public key does not belong to its private key.");
        var v1 = der[..48];
        v1[1] = 0x2e;
        v1[4] = 0x00;
        return v1;
    }
}
