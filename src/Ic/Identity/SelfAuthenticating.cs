using Org.BouncyCastle.Crypto.Digests;

namespace Canic.Fsm.Ic.Identity;

/// <summary>Self-authenticating principals: <c>SHA-224(DER public key) ‖ 0x02</c>.</summary>
public static class SelfAuthenticating
{
    /// <summary>The principal of a DER public key. SHA-224 comes from BouncyCastle: the BCL has none.</summary>
    public static Principal PrincipalOf(ReadOnlySpan<byte> publicKeyDer)
    {
        var digest = new Sha224Digest();
        digest.BlockUpdate(publicKeyDer);
        var bytes = new byte[29];
        digest.DoFinal(bytes);
        bytes[28] = 0x02;
        return Principal.FromBytes(bytes);
    }
}
