using BenchmarkDotNet.Attributes;
using Canic.Fsm.Ic.Bls;
using BlsScheme = Canic.Fsm.Ic.Bls.Bls;

namespace Canic.Fsm.Benchmarks.Bls;

/// <summary>
/// BLS12-381 min-sig verification over the 128 lines of bls12381_min_sig_nul_vectors.txt (the same lines
/// bench/noble/verify.mjs times with @noble/curves): every figure is per line (OperationsPerInvoke = 128).
/// </summary>
[Config(typeof(BlsJob))]
[MemoryDiagnoser]
[MedianColumn]
public class BlsBenchmarks
{
    private const int Lines = 128;
    private MinSigLine[] _lines = [];
    private BlsPublicKey[] _keys = [];
    private BlsSignature[] _signatures = [];

    [GlobalSetup]
    public void Setup()
    {
        _lines = MinSigLine.Load();
        _keys = _lines.Select(l => Decode(BlsPublicKey.TryDecode(l.PublicKey, out var k), k)).ToArray();
        _signatures = _lines.Select(l => Decode(BlsSignature.TryDecode(l.Signature, out var s), s)).ToArray();
        if (!Verify()) throw new InvalidOperationException("a vector line did not verify");
    }

    /// <summary>One verification from bytes: decode and check both points, hash the message, pairing check.</summary>
    [Benchmark(OperationsPerInvoke = Lines, Baseline = true)]
    public bool Verify()
    {
        var all = true;
        foreach (var line in _lines) all &= BlsScheme.Verify(line.PublicKey, line.Message, line.Signature);
        return all;
    }

    /// <summary>Verification with the key and signature already decoded (a cached subnet key).</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public bool VerifyDecoded()
    {
        var all = true;
        for (var i = 0; i < Lines; i++) all &= BlsScheme.Verify(_keys[i], _lines[i].Message, _signatures[i]);
        return all;
    }

    /// <summary>hash_to_curve G1 (RFC 9380) of the message alone.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public bool HashToG1()
    {
        var any = false;
        foreach (var line in _lines) any ^= HashToCurve.HashToG1(line.Message, BlsScheme.Dst).IsIdentity;
        return any;
    }

    /// <summary>Decompression of the 48-byte signature with its subgroup check.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int DecompressSignatureG1()
    {
        var errors = 0;
        foreach (var line in _lines) errors += (int)PointEncoding.TryDecodeG1(line.Signature, out _);
        return errors;
    }

    /// <summary>Decompression of the 96-byte public key with its subgroup check.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int DecompressPublicKeyG2()
    {
        var errors = 0;
        foreach (var line in _lines) errors += (int)PointEncoding.TryDecodeG2(line.PublicKey, out _);
        return errors;
    }

    private static T Decode<T>(BlsDecodeError error, T? value) where T : class =>
        value ?? throw new InvalidOperationException($"vector does not decode: {error}");
}
