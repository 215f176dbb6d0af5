using System.Text.Json;
using Canic.Fsm.Ic.Certificates;
using Canic.Fsm.Ic.Envelope;
using Microsoft.Extensions.Time.Testing;

namespace Canic.Fsm.Ic.Tests.Certificates;

/// <summary>
/// Every case of certs.json (real mainnet certificates and tampered copies), verified with the real BLS12-381
/// verifier and the clock set to the certificate's time: the valid ones are accepted, each invalid one is refused
/// for its own reason.
/// </summary>
public class CertificateVectorTests
{
    public static IEnumerable<TestCaseData> Cases()
    {
        if (Vectors.TryPath("certs.json") is not { } path)
        {
            yield return new TestCaseData("certs.json", "", "", "").SetName("certs.json absent");
            yield break;
        }
        var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        foreach (var v in root.GetProperty("vectors").EnumerateArray())
        {
            var file = v.GetProperty("file").GetString()!;
            var canister = v.GetProperty("effective_canister_id").GetString()!;
            yield return new TestCaseData(file, canister, v.GetProperty("time_iso").GetString()!, Expected(file, v.GetProperty("expected").GetString()!))
                .SetName($"{file} for {canister[..5]}: {Expected(file, v.GetProperty("expected").GetString()!)}");
        }
    }

    private static string Expected(string file, string verdict) =>
        verdict == "valid" ? "valid"
        : file.Contains("pruned_ranges", StringComparison.Ordinal) ? nameof(CertificateFailure.CanisterRangesMissing)
        : file.Contains("sigflip", StringComparison.Ordinal) ? nameof(CertificateFailure.SignatureNotAPoint)
        : file.Contains("rejectcode", StringComparison.Ordinal) ? nameof(CertificateFailure.InvalidSignature)
        : nameof(CertificateFailure.CanisterNotInRanges);

    [TestCaseSource(nameof(Cases))]
    public void Verdict(string file, string canister, string timeIso, string expected)
    {
        var bytes = Vectors.HexFile(file);
        var verifier = VerifierAt(DateTimeOffset.Parse(timeIso, System.Globalization.CultureInfo.InvariantCulture));
        if (expected == "valid")
        {
            var verified = verifier.Verify(bytes, Principal.Parse(canister));
            Assert.That(verified.Time, Is.EqualTo(DateTimeOffset.Parse(timeIso, System.Globalization.CultureInfo.InvariantCulture)).Within(TimeSpan.FromMilliseconds(1)));
            return;
        }
        var error = Assert.Throws<CertificateException>(() => verifier.Verify(bytes, Principal.Parse(canister)))!;
        Assert.That(error.Failure.ToString(), Is.EqualTo(expected), error.Message);
    }

    private static CertificateVerifier VerifierAt(DateTimeOffset time, CertificateVerifierOptions? options = null) =>
        new(BlsVerifier.Instance, CertificateVerifier.MainnetRootKey, new ServerClock(new FakeTimeProvider(time)), options);

    [Test]
    public void The_sample_certificate_reads_its_rejected_request_status()
    {
        var verified = VerifierAt(DateTimeOffset.Parse("2022-02-23T07:38:00.652Z", System.Globalization.CultureInfo.InvariantCulture))
            .Verify(Vectors.HexFile("sample_2022_v2.cert.hex"), Principal.Parse("ivg37-qiaaa-aaaab-aaaga-cai"));
        var requestId = verified.Tree.LookupSubtree([TreeBuilder.L("request_status")]).Tree!.Children().Children.Single().Label;
        Assert.That(verified.Lookup("request_status", requestId, "status").Value, Is.EqualTo(TreeBuilder.L("rejected")));
        Assert.That(verified.Lookup("request_status", requestId, "reject_code").Value, Is.EqualTo(new byte[] { 3 }));
    }

    [TestCase(6)]
    [TestCase(-6)]
    public void A_certificate_six_minutes_from_the_clock_is_stale(int minutes)
    {
        var verifier = VerifierAt(DateTimeOffset.Parse("2025-11-22T07:34:56.688Z", System.Globalization.CultureInfo.InvariantCulture).AddMinutes(minutes));
        byte[] certificate = Vectors.HexFile("ivg37_time_v3.cert.hex");  // outside the assert: absent vectors ignore the test
        var error = Assert.Throws<CertificateException>(() => verifier.Verify(certificate, Principal.Parse("ivg37-qiaaa-aaaab-aaaga-cai")))!;
        Assert.That(error.Failure, Is.EqualTo(CertificateFailure.Stale));
    }

    [Test]
    public void A_delegation_older_than_the_maximum_age_is_refused()
    {
        var verifier = VerifierAt(DateTimeOffset.Parse("2025-11-22T07:34:56.688Z", System.Globalization.CultureInfo.InvariantCulture),
            new CertificateVerifierOptions { MaxDelegationAge = TimeSpan.FromSeconds(1) });
        byte[] certificate = Vectors.HexFile("ivg37_time_v3.cert.hex");  // outside the assert: absent vectors ignore the test
        var error = Assert.Throws<CertificateException>(() => verifier.Verify(certificate, Principal.Parse("ivg37-qiaaa-aaaab-aaaga-cai")))!;
        Assert.That(error.Failure, Is.EqualTo(CertificateFailure.DelegationTooOld));
    }

    [Test]
    public void Random_byte_mutations_of_a_real_certificate_fail_only_with_certificate_errors()
    {
        var original = Vectors.HexFile("ivg37_time_v3.cert.hex");
        var verifier = VerifierAt(DateTimeOffset.Parse("2025-11-22T07:34:56.688Z", System.Globalization.CultureInfo.InvariantCulture));
        var random = new Random(12);
        var accepted = 0;
        for (var i = 0; i < 150; i++)
        {
            var mutated = (byte[])original.Clone();
            var position = random.Next(mutated.Length);
            mutated[position] ^= (byte)(1 << random.Next(8));
            try
            {
                verifier.Verify(mutated, Principal.Parse("ivg37-qiaaa-aaaab-aaaga-cai"));
                accepted++;
            }
            catch (CertificateException)
            {
            }
        }
        // A flip may land in bytes that do not matter (a CBOR length's equivalent form does not exist here, so none should).
        Assert.That(accepted, Is.Zero);
    }
}
