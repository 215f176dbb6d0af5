using System.Security.Cryptography;
using Canic.Fsm.Ic.Bls;
using Canic.Fsm.Ic.Identity;

namespace Canic.Fsm.Ic.Replica;

/// <summary>
/// The replica's keys, all derived from one 32-byte seed: the root key (BLS12-381, what <c>/api/v2/status</c>
/// announces and clients trust), the subnet key a delegation certifies (BLS12-381), and the node key that signs
/// query replies (Ed25519). The seed is kept in a key file so that a restarted replica keeps its identity and the
/// clients that fetched its root key keep trusting it.
/// </summary>
public sealed class ReplicaKeys
{
    private static readonly byte[] BlsDerPrefix = Convert.FromHexString("308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100");

    private ReplicaKeys(byte[] seed)
    {
        Root = BlsSecretKey.FromSeed(Derive(seed, "root"));
        Subnet = BlsSecretKey.FromSeed(Derive(seed, "subnet"));
        Node = Ed25519Identity.FromSeed(Derive(seed, "node"));
        RootKeyDer = Der(Root);
        SubnetKeyDer = Der(Subnet);
    }

    /// <summary>The keys of a seed (at least 32 bytes).</summary>
    /// <exception cref="ArgumentException">The seed is shorter than 32 bytes.</exception>
    public static ReplicaKeys FromSeed(ReadOnlySpan<byte> seed) =>
        seed.Length >= 32 ? new ReplicaKeys(seed.ToArray()) : throw new ArgumentException("a replica key seed needs at least 32 bytes", nameof(seed));

    /// <summary>Fresh random keys.</summary>
    public static ReplicaKeys Random() => new(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The keys of the seed in <paramref name="path"/> (64 hex digits), creating the file with a random seed when it
    /// does not exist.
    /// </summary>
    /// <exception cref="InvalidDataException">The file exists but does not hold a seed.</exception>
    public static ReplicaKeys LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            var seed = RandomNumberGenerator.GetBytes(32);
            File.WriteAllText(path, Convert.ToHexStringLower(seed) + Environment.NewLine);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return new ReplicaKeys(seed);
        }
        var text = File.ReadAllText(path).Trim();
        try
        {
            var seed = Convert.FromHexString(text);
            return seed.Length == 32 ? new ReplicaKeys(seed) : throw new FormatException($"{seed.Length} bytes instead of 32");
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"The replica key file {path} does not hold a 32-byte hex seed ({e.Message}); delete it to make new keys.", e);
        }
    }

    /// <summary>The root key.</summary>
    public BlsSecretKey Root { get; }

    /// <summary>The root key, DER-wrapped as the IC serves it (133 bytes).</summary>
    public byte[] RootKeyDer { get; }

    /// <summary>The delegated subnet's key.</summary>
    public BlsSecretKey Subnet { get; }

    /// <summary>The delegated subnet's key, DER-wrapped.</summary>
    public byte[] SubnetKeyDer { get; }

    /// <summary>The one node's key, signing query replies.</summary>
    public Ed25519Identity Node { get; }

    /// <summary>The SHA-256 fingerprint of the root key (lower-case hex), as clients log it.</summary>
    public string RootKeyFingerprint => Convert.ToHexStringLower(SHA256.HashData(RootKeyDer));

    private static byte[] Der(BlsSecretKey key) => [.. BlsDerPrefix, .. key.PublicKey.ToBytes()];

    private static byte[] Derive(byte[] seed, string purpose) =>
        HMACSHA256.HashData(seed, System.Text.Encoding.UTF8.GetBytes("canic-fsm replica " + purpose));
}
