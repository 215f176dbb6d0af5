using Canic.Fsm.Ic.Bls;
using BlsScheme = Canic.Fsm.Ic.Bls.Bls;

namespace Canic.Fsm.Ic.Tests.Bls;

/// <summary>
/// Verification works on stack values only (field elements are structs, temporaries are stackalloc'd): once warm, it
/// allocates nothing on the heap, whether it succeeds, fails in the pairing or fails in decoding.
/// </summary>
[NonParallelizable]
public class AllocationTests
{
    private static readonly BlsSecretKey Key = BlsSecretKey.FromSeed(Enumerable.Repeat((byte)7, 32).ToArray());

    [Test]
    public void Verification_allocates_nothing()
    {
        var message = "allocation"u8.ToArray();
        var signature = Key.Sign(message).ToBytes();
        var publicKey = Key.PublicKey.ToBytes();
        var wrongMessage = "allocation!"u8.ToArray();
        var notInSubgroup = PointEncoding.EncodeG1(CurveTests.CurvePointsG1(1).Single());
        var longMessage = new byte[5000]; // past the stack buffer of expand_message_xmd: it rents from the pool
        Assert.That(BlsSignature.TryDecode(signature, out var decodedSignature), Is.EqualTo(BlsDecodeError.None));

        void VerifyAll()
        {
            Assert.That(BlsScheme.Verify(publicKey, message, signature), Is.True);
            Assert.That(BlsScheme.Verify(publicKey, wrongMessage, signature), Is.False);
            Assert.That(BlsScheme.Verify(publicKey, message, notInSubgroup), Is.False);
            Assert.That(BlsScheme.Verify(publicKey, longMessage, signature), Is.False);
            Assert.That(BlsScheme.Verify(Key.PublicKey, message, decodedSignature!), Is.True);
        }

        VerifyAll(); // warm: static constructors, the JIT's tiers and the array pool's first rent
        VerifyAll();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var results = 0;
        results += BlsScheme.Verify(publicKey, message, signature) ? 1 : 0;
        results += BlsScheme.Verify(publicKey, wrongMessage, signature) ? 1 : 0;
        results += BlsScheme.Verify(publicKey, message, notInSubgroup) ? 1 : 0;
        results += BlsScheme.Verify(publicKey, longMessage, signature) ? 1 : 0;
        results += BlsScheme.Verify(Key.PublicKey, message, decodedSignature!) ? 1 : 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(results, Is.EqualTo(2));
        Assert.That(allocated, Is.Zero);
    }
}
