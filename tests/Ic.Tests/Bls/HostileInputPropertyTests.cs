using Canic.Fsm.Ic.Bls;
using FsCheckProperty = FsCheck.NUnit.PropertyAttribute;
using BlsScheme = Canic.Fsm.Ic.Bls.Bls;

namespace Canic.Fsm.Ic.Tests.Bls;

/// <summary>
/// Fuzzing of verification with hostile input: random bytes of every length (and of exactly the point lengths, with
/// random flags, so that decoding goes past the length check), and random mutations of a valid signature, key and
/// message. Verification must return false (true only for the untouched triple) and decoding a defined reason;
/// nothing may throw. Every loop on the path is bounded by the field size, so nothing can hang either.
/// </summary>
public class HostileInputPropertyTests
{
    private static readonly BlsSecretKey Key = BlsSecretKey.FromSeed(Enumerable.Repeat((byte)0x5a, 32).ToArray());
    private static readonly byte[] Message = "a reply from the IC"u8.ToArray();
    private static readonly byte[] Signature = Key.Sign(Message).ToBytes();
    private static readonly byte[] PublicKey = Key.PublicKey.ToBytes();

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Exactly <paramref name="length"/> bytes, with the compression flag usually set.</summary>
    private static byte[] RandomPoint(Random random, int length)
    {
        var bytes = RandomBytes(random, length);
        if (random.Next(4) != 0) bytes[0] |= 0x80;
        if (random.Next(2) == 0) bytes[0] &= 0x9f; // flags 100 or 101: a point, not the identity, x likely below p
        return bytes;
    }

    [FsCheckProperty(MaxTest = 200)]
    public bool Random_bytes_never_verify_and_never_throw(int seed)
    {
        var random = new Random(seed);
        var key = random.Next(3) == 0 ? RandomBytes(random, random.Next(200)) : RandomPoint(random, BlsPublicKey.Length);
        var signature = random.Next(3) == 0 ? RandomBytes(random, random.Next(200)) : RandomPoint(random, BlsSignature.Length);
        if (random.Next(2) == 0) key = PublicKey; // a real key, so the signature's decoding and the pairing are reached
        var keyError = BlsPublicKey.TryDecode(key, out _);
        var signatureError = BlsSignature.TryDecode(signature, out _);
        return Enum.IsDefined(keyError) && Enum.IsDefined(signatureError)
            && !BlsScheme.Verify(key, RandomBytes(random, random.Next(100)), signature);
    }

    [FsCheckProperty(MaxTest = 100)]
    public bool Mutations_of_a_valid_triple_never_verify_and_never_throw(int seed)
    {
        var random = new Random(seed);
        var key = (byte[])PublicKey.Clone();
        var message = (byte[])Message.Clone();
        var signature = (byte[])Signature.Clone();
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            var target = random.Next(3) switch { 0 => key, 1 => message, _ => signature };
            target[random.Next(target.Length)] ^= (byte)random.Next(1, 256);
        }
        var untouched = key.AsSpan().SequenceEqual(PublicKey) && message.AsSpan().SequenceEqual(Message) && signature.AsSpan().SequenceEqual(Signature);
        return BlsScheme.Verify(key, message, signature) == untouched;
    }

    [Test]
    public void Messages_of_any_size_are_hashed_without_error()
    {
        Assert.That(BlsScheme.Verify(PublicKey, [], Signature), Is.False);
        Assert.That(BlsScheme.Verify(PublicKey, new byte[1 << 20], Signature), Is.False);
        var large = new byte[70_000];
        Assert.That(BlsScheme.Verify(Key.PublicKey.ToBytes(), large, Key.Sign(large).ToBytes()), Is.True);
    }

    [Test]
    public void Only_a_missing_decoded_argument_throws_a_programming_error()
    {
        Assert.That(BlsSignature.TryDecode(Signature, out var signature), Is.EqualTo(BlsDecodeError.None));
        Assert.Throws<ArgumentNullException>(() => BlsScheme.Verify(null!, Message, signature!));
        Assert.Throws<ArgumentNullException>(() => BlsScheme.Verify(Key.PublicKey, Message, null!));
    }
}
