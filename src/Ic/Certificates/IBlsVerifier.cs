namespace Canic.Fsm.Ic.Certificates;

/// <summary>
/// BLS12-381 min-sig verification (signature in G1, 48 bytes; public key in G2, 96 bytes; DST
/// <c>BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_</c>). Returns false for any invalid input, never throws.
/// </summary>
public interface IBlsVerifier
{
    /// <summary>Whether <paramref name="signature48"/> is a valid signature of <paramref name="message"/> under <paramref name="publicKey96"/>.</summary>
    bool Verify(ReadOnlySpan<byte> publicKey96, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature48);
}
