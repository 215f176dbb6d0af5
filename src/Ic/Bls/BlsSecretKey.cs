using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Canic.Fsm.Ic.Bls;

/// <summary>
/// A BLS12-381 secret key (a scalar in [1, r)) that signs with the IC's scheme: signature = [sk]·H(m) in G1,
/// public key = [sk]·g2 in G2. For a development replica and for tests only: scalar multiplication here is
/// not constant-time and the key is not wiped from memory, so it must not hold a key of value.
/// </summary>
public sealed class BlsSecretKey
{
    /// <summary>The length of an encoded secret key (big-endian scalar).</summary>
    public const int Length = 32;

    private static readonly byte[] KeyGenSalt = Encoding.ASCII.GetBytes("BLS-SIG-KEYGEN-SALT-");

    private readonly ulong[] _scalar;

    private BlsSecretKey(ulong[] scalar)
    {
        _scalar = scalar;
        var pk = Jacobian<Fp2>.Multiply(G2.Generator, scalar);
        PublicKey = new BlsPublicKey(pk, PointEncoding.EncodeG2(pk));
    }

    /// <summary>The matching public key.</summary>
    public BlsPublicKey PublicKey { get; }

    /// <summary>
    /// Derives a key from at least 32 bytes of seed material with KeyGen of the IETF BLS signature draft
    /// (draft-irtf-cfrg-bls-signature-05, section 2.3; HKDF-SHA-256, empty key_info). Deterministic.
    /// </summary>
    /// <exception cref="ArgumentException">The seed is shorter than 32 bytes.</exception>
    public static BlsSecretKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length < 32) throw new ArgumentException("a BLS key seed needs at least 32 bytes", nameof(seed));
        const int l = 48;
        var ikm = new byte[seed.Length + 1];
        seed.CopyTo(ikm);
        var salt = KeyGenSalt;
        var info = new byte[] { 0, l };
        while (true)
        {
            salt = SHA256.HashData(salt);
            var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt);
            var okm = HKDF.Expand(HashAlgorithmName.SHA256, prk, l, info);
            var sk = new BigInteger(okm, isUnsigned: true, isBigEndian: true) % Scalar.Order;
            if (!sk.IsZero) return new BlsSecretKey(Fp.Limbs(sk));
        }
    }

    /// <summary>Reads a 32-byte big-endian scalar; false unless it is in [1, r).</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out BlsSecretKey? key)
    {
        key = Scalar.TryRead(bytes, out var limbs) ? new BlsSecretKey(limbs) : null;
        return key is not null;
    }

    /// <summary>The 32-byte big-endian scalar.</summary>
    public byte[] ToBytes()
    {
        var result = new byte[Length];
        for (var i = 0; i < 4; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(result.AsSpan(24 - 8 * i), _scalar[i]);
        }
        return result;
    }

    /// <summary>Signs <paramref name="message"/> with the IC's domain separation tag.</summary>
    public BlsSignature Sign(ReadOnlySpan<byte> message)
    {
        var sig = Jacobian<Fp>.Multiply(HashToCurve.HashToG1(message, Bls.Dst), _scalar);
        return new BlsSignature(sig, PointEncoding.EncodeG1(sig));
    }
}
