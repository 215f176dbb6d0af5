using System.Text.Json;
using Canic.Fsm.Ic.Identity;

namespace Canic.Fsm.Ic.Tests.Identity;

/// <summary>Every PEM form of identities.json: DER public key, principal and the signature over a request id, byte for byte.</summary>
public class IdentityTests
{
    private static IEnumerable<JsonElement> Entries(string kind) => Vectors.Json("identities.json").GetProperty(kind).EnumerateArray();

    [Test]
    public void Ed25519_rfc8410_and_legacy_dfx_pems_load_to_the_same_identity_and_sign_byte_exact()
    {
        foreach (var entry in Entries("ed25519"))
        {
            foreach (var form in new[] { "pem_pkcs8_v1_rfc8410", "pem_pkcs8_v2_legacy_dfx" })
                AssertIdentity(IdentityPem.Load(entry.GetProperty(form).GetString()!), entry, "public_key_der_44", "signature_64", $"{entry.GetProperty("name")} {form}");
        }
    }

    [Test]
    public void Secp256k1_sec1_with_crlf_pkcs8_and_openssl_parameters_load_and_sign_rfc6979_low_s()
    {
        foreach (var entry in Entries("secp256k1"))
        {
            var sec1 = entry.GetProperty("pem_sec1_as_dfx_writes").GetString()!;
            Assert.That(sec1, Does.Contain("\r\n"));
            var withParameters = entry.GetProperty("openssl_style_ec_parameters_block_may_precede").GetString()! + "\n" + sec1.Replace("\r\n", "\n", StringComparison.Ordinal);
            foreach (var (name, pem) in new[] { ("sec1", sec1), ("pkcs8", entry.GetProperty("pem_pkcs8_equivalent").GetString()!), ("parameters+sec1", withParameters) })
                AssertIdentity(IdentityPem.Load(pem), entry, "public_key_der_88", "signature_r_s_64", $"{entry.GetProperty("name")} {name}");
        }
    }

    private static void AssertIdentity(IIdentity identity, JsonElement entry, string derKey, string signatureKey, string what)
    {
        Assert.That(Convert.ToHexStringLower(identity.PublicKeyDer!), Is.EqualTo(entry.GetProperty(derKey).GetString()), what);
        Assert.That(identity.Sender.ToString(), Is.EqualTo(entry.GetProperty("principal_text").GetString()), what);
        Assert.That(identity.Sender.ToHex(), Is.EqualTo(entry.GetProperty("principal_bytes").GetString()), what);
        var payload = Convert.FromHexString(entry.GetProperty("signed_payload").GetString()!);
        Assert.That(Convert.ToHexStringLower(identity.Sign(payload)), Is.EqualTo(entry.GetProperty(signatureKey).GetString()), what);
    }

    [Test]
    public void P256_has_the_agent_js_der_and_principal_and_signs_low_s_verifiable_signatures()
    {
        var identity = P256Identity.FromPrivateKey(Enumerable.Repeat((byte)2, 32).ToArray());
        Assert.That(Convert.ToHexStringLower(identity.PublicKeyDer!), Is.EqualTo(Vectors.AgentJs("p256.der_pubkey")));
        Assert.That(identity.Sender.ToString(), Is.EqualTo(Vectors.AgentJs("p256.principal")));
        var order = System.Numerics.BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber);
        using var verifier = System.Security.Cryptography.ECDsa.Create();
        verifier.ImportSubjectPublicKeyInfo(identity.PublicKeyDer, out _);
        for (var i = 0; i < 40; i++)
        {
            byte[] message = [0x0a, .. "ic-request"u8, (byte)i];
            var signature = identity.Sign(message);
            Assert.That(signature, Has.Length.EqualTo(64));
            Assert.That(new System.Numerics.BigInteger(signature.AsSpan(32), true, true), Is.LessThanOrEqualTo(order / 2));
            Assert.That(verifier.VerifyData(message, signature, System.Security.Cryptography.HashAlgorithmName.SHA256), Is.True);
        }
    }

    [Test]
    public void The_ed25519_vector_of_agent_js_matches()
    {
        var identity = Ed25519Identity.FromSeed(Vectors.AgentJsHex("ed25519.seed"));
        Assert.That(Convert.ToHexStringLower(identity.PublicKeyDer!), Is.EqualTo(Vectors.AgentJs("ed25519.der_pubkey")));
        Assert.That(identity.Sender.ToString(), Is.EqualTo(Vectors.AgentJs("ed25519.self_auth_principal.text")));
    }

    [TestCase("", "not PEM")]
    [TestCase("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7\n", "truncated")]
    [TestCase("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v\n-----END PRIVATE KEY-----\n", "truncated")]
    [TestCase("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v\n-----END ENCRYPTED PRIVATE KEY-----\n", "dfx identity export")]
    [TestCase("-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END EC PRIVATE KEY-----\n", "encrypted")]
    [TestCase("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "not a private key")]
    public void Wrong_encrypted_or_truncated_pems_fail_with_a_clear_message(string pem, string why)
    {
        var error = Assert.Throws<IdentityFormatException>(() => IdentityPem.Load(pem))!;
        Assert.That(error.Message, Does.Contain(why));
    }

    [Test]
    public void A_missing_file_and_a_damaged_file_are_named_in_the_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-identity-{Guid.NewGuid():N}.pem");
        Assert.That(Assert.Throws<IdentityFormatException>(() => IdentityPem.LoadFile(missing))!.Message, Does.Contain(missing));
        var damaged = Path.GetTempFileName();
        try
        {
            File.WriteAllText(damaged, "-----BEGIN EC PRIVATE KEY-----\nMHQCAQEE\n-----END EC PRIVATE KEY-----\n");
            var error = Assert.Throws<IdentityFormatException>(() => IdentityPem.LoadFile(damaged))!;
            Assert.That(error.Message, Does.Contain(damaged).And.Contain("EC PRIVATE KEY"));
        }
        finally
        {
            File.Delete(damaged);
        }
    }

    [Test]
    public void A_key_of_another_algorithm_is_refused_naming_the_accepted_ones()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var error = Assert.Throws<IdentityFormatException>(() => IdentityPem.Load(rsa.ExportPkcs8PrivateKeyPem()))!;
        Assert.That(error.Message, Does.Contain("expected Ed25519 or EC"));
    }

    [Test]
    public void A_legacy_dfx_key_whose_public_key_is_not_its_own_is_refused()
    {
        var entry = Entries("ed25519").First();
        var der = Convert.FromBase64String(string.Concat(entry.GetProperty("pem_pkcs8_v2_legacy_dfx").GetString()!
            .Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
        der[^1] ^= 1;
        var pem = System.Security.Cryptography.PemEncoding.WriteString("PRIVATE KEY", der);
        Assert.That(Assert.Throws<IdentityFormatException>(() => IdentityPem.Load(pem))!.Message, Does.Contain("does not belong"));
    }

    [Test]
    public void A_key_on_another_curve_is_refused_naming_the_curves()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        var error = Assert.Throws<IdentityFormatException>(() => IdentityPem.Load(key.ExportECPrivateKeyPem()))!;
        Assert.That(error.Message, Does.Contain("secp256k1"));
    }

    [Test]
    public void A_p256_pem_from_the_bcl_loads()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var identity = IdentityPem.Load(key.ExportPkcs8PrivateKeyPem());
        Assert.That(identity.PublicKeyDer, Is.EqualTo(key.ExportSubjectPublicKeyInfo()));
    }

    [Test]
    public void The_anonymous_identity_has_no_key_and_does_not_sign()
    {
        Assert.That(AnonymousIdentity.Instance.Sender, Is.EqualTo(Principal.Anonymous));
        Assert.That(AnonymousIdentity.Instance.PublicKeyDer, Is.Null);
        Assert.Throws<InvalidOperationException>(() => AnonymousIdentity.Instance.Sign([1]));
    }
}
