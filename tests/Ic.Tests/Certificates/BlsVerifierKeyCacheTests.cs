using Canic.Fsm.Ic.Bls;
using Canic.Fsm.Ic.Certificates;

namespace Canic.Fsm.Ic.Tests.Certificates;

/// <summary>
/// The managed verifier keeps the public keys it decoded (with their Miller-loop lines): keyed by the exact key bytes,
/// bounded, and only for keys that decode; every signature is still checked against the key.
/// </summary>
public class BlsVerifierKeyCacheTests
{
    private static BlsSecretKey Key(byte seed) => BlsSecretKey.FromSeed(Enumerable.Repeat(seed, 32).ToArray());

    private static readonly byte[] Message = "\x0Dic-state-root and a root hash"u8.ToArray();

    [Test]
    public void A_cached_key_still_checks_every_signature()
    {
        var verifier = new BlsVerifier();
        var key = Key(1);
        var pk = key.PublicKey.ToBytes();
        var signature = key.Sign(Message).ToBytes();
        var other = Key(2).Sign(Message).ToBytes();
        Assert.Multiple(() =>
        {
            Assert.That(verifier.Verify(pk, Message, signature), Is.True, "first use decodes the key");
            Assert.That(verifier.Verify(pk, Message, signature), Is.True, "second use from the cache");
            Assert.That(verifier.Verify(pk, Message, other), Is.False, "another key's signature");
            Assert.That(verifier.Verify(pk, [.. Message, 0], signature), Is.False, "another message");
            Assert.That(verifier.Verify(Key(2).PublicKey.ToBytes(), Message, signature), Is.False, "the signature under another key");
            Assert.That(verifier.CachedKeys, Is.EqualTo(2), "one entry per key");
        });
    }

    [Test]
    public void A_key_that_does_not_decode_is_refused_every_time_and_not_kept()
    {
        var verifier = new BlsVerifier();
        var key = Key(3);
        var signature = key.Sign(Message).ToBytes();
        var damaged = key.PublicKey.ToBytes();
        damaged[^1] ^= 1; // x moves off the curve (or out of the subgroup)
        Assert.Multiple(() =>
        {
            Assert.That(verifier.Verify(damaged, Message, signature), Is.False);
            Assert.That(verifier.Verify(damaged, Message, signature), Is.False);
            Assert.That(verifier.Verify(damaged[..95], Message, signature), Is.False, "a short key");
            Assert.That(verifier.CachedKeys, Is.Zero);
            Assert.That(verifier.Verify(key.PublicKey.ToBytes(), Message, signature), Is.True, "the undamaged key still verifies");
        });
    }

    [Test]
    public void The_cache_is_bounded()
    {
        var verifier = new BlsVerifier();
        var keys = Enumerable.Range(0, BlsVerifier.KeyCapacity + 5).Select(i => BlsSecretKey.FromSeed(BitConverter.GetBytes(i).Concat(new byte[28]).ToArray())).ToList();
        foreach (var key in keys)
        {
            Assert.That(verifier.Verify(key.PublicKey.ToBytes(), Message, key.Sign(Message).ToBytes()), Is.True);
            Assert.That(verifier.CachedKeys, Is.LessThanOrEqualTo(BlsVerifier.KeyCapacity));
        }
    }
}
