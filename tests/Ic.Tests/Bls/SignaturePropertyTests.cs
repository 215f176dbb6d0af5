using Canic.Fsm.Ic.Bls;
using FsCheckProperty = FsCheck.NUnit.PropertyAttribute;
using BlsScheme = Canic.Fsm.Ic.Bls.Bls;

namespace Canic.Fsm.Ic.Tests.Bls;

/// <summary>
/// Properties of sign and verify over random keys and messages: round trips, and any single bit flip of the signature,
/// the key or the message is rejected. Each case draws its inputs from an FsCheck seed.
/// </summary>
public class SignaturePropertyTests
{
    private static BlsSecretKey RandomKey(Random random)
    {
        var seed = new byte[32 + random.Next(33)];
        random.NextBytes(seed);
        return BlsSecretKey.FromSeed(seed);
    }

    private static byte[] RandomMessage(Random random, int minLength = 0)
    {
        // Mostly short, sometimes longer than the 1 KiB that expand_message_xmd keeps on the stack.
        var message = new byte[random.Next(8) == 0 ? 1000 + random.Next(200) : minLength + random.Next(64)];
        random.NextBytes(message);
        return message;
    }

    [FsCheckProperty(MaxTest = 12)]
    public bool Signatures_verify_under_their_key_and_round_trip_through_their_encodings(int seed)
    {
        var random = new Random(seed);
        var key = RandomKey(random);
        var message = RandomMessage(random);
        var signature = key.Sign(message);
        var decodedKey = BlsPublicKey.TryDecode(key.PublicKey.ToBytes(), out var pk) == BlsDecodeError.None ? pk : null;
        var decodedSignature = BlsSignature.TryDecode(signature.ToBytes(), out var sig) == BlsDecodeError.None ? sig : null;
        var reread = BlsSecretKey.TryFromBytes(key.ToBytes(), out var again) ? again : null;
        return BlsScheme.Verify(key.PublicKey.ToBytes(), message, signature.ToBytes())
            && decodedKey is not null && decodedSignature is not null
            && BlsScheme.Verify(decodedKey, message, decodedSignature)
            && decodedKey.ToBytes().AsSpan().SequenceEqual(key.PublicKey.ToBytes())
            && reread is not null && reread.PublicKey.ToBytes().AsSpan().SequenceEqual(key.PublicKey.ToBytes());
    }

    [FsCheckProperty(MaxTest = 40)]
    public bool Any_single_bit_flip_of_signature_key_or_message_is_rejected(int seed)
    {
        var random = new Random(seed);
        var key = RandomKey(random);
        var message = RandomMessage(random, minLength: 1);
        var signature = key.Sign(message).ToBytes();
        var publicKey = key.PublicKey.ToBytes();
        var target = random.Next(3) switch { 0 => signature, 1 => publicKey, _ => message };
        var bit = random.Next(target.Length * 8);
        target[bit / 8] ^= (byte)(1 << (bit % 8));
        return !BlsScheme.Verify(publicKey, message, signature);
    }

    [FsCheckProperty(MaxTest = 12)]
    public bool A_signature_fails_under_another_key_and_for_another_message(int seed)
    {
        var random = new Random(seed);
        var key = RandomKey(random);
        var other = RandomKey(random);
        var message = RandomMessage(random);
        var otherMessage = RandomMessage(random);
        var signature = key.Sign(message).ToBytes();
        return !BlsScheme.Verify(other.PublicKey.ToBytes(), message, signature)
            && (message.AsSpan().SequenceEqual(otherMessage) || !BlsScheme.Verify(key.PublicKey.ToBytes(), otherMessage, signature));
    }
}
