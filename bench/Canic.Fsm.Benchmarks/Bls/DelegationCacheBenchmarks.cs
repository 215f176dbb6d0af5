using BenchmarkDotNet.Attributes;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Certificates;
using Canic.Fsm.Ic.Envelope;

namespace Canic.Fsm.Benchmarks.Bls;

/// <summary>
/// A real delegated mainnet certificate (ivg37_time_v3.cert.hex, read at run time) verified end to end by
/// <see cref="CertificateVerifier"/>: by a verifier that has seen its delegation (a reply from a known subnet: one
/// BLS check) and by a new verifier each time (the delegation is verified too: two BLS checks).
/// </summary>
[Config(typeof(BlsJob))]
[MemoryDiagnoser]
[MedianColumn]
public class DelegationCacheBenchmarks
{
    private static readonly DateTimeOffset CertificateTime = DateTimeOffset.Parse("2025-11-22T07:34:56.688Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly Principal Canister = Principal.Parse("ivg37-qiaaa-aaaab-aaaga-cai");
    private byte[] _certificate = [];
    private CertificateVerifier _warm = null!;

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static CertificateVerifier NewVerifier() =>
        new(BlsVerifier.Instance, CertificateVerifier.MainnetRootKey, new ServerClock(new FixedTime(CertificateTime)));

    [GlobalSetup]
    public void Setup()
    {
        _certificate = Convert.FromHexString(File.ReadAllText(SharedVectors.Path("ivg37_time_v3.cert.hex")).Trim());
        _warm = NewVerifier();
        _warm.Verify(_certificate, Canister);
    }

    /// <summary>The delegation is taken from the cache: the reply's signature is the only BLS check.</summary>
    [Benchmark]
    public VerifiedCertificate KnownSubnet() => _warm.Verify(_certificate, Canister);

    /// <summary>A new verifier: the delegation's signature is checked too.</summary>
    [Benchmark(Baseline = true)]
    public VerifiedCertificate NewSubnet() => NewVerifier().Verify(_certificate, Canister);
}
