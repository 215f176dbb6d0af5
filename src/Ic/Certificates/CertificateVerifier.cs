using System.Security.Cryptography;
using Canic.Fsm.Ic.Envelope;

namespace Canic.Fsm.Ic.Certificates;

/// <summary>
/// Verifies certificates the way the spec and both reference agents do: the BLS signature over the tree's root
/// hash; for a delegation, the inner certificate (no nested delegation) under the root key, the effective canister
/// id inside the delegated subnet's ranges (both layouts) and the subnet key read from it; and freshness of
/// <c>/time</c> against the corrected clock. A verified delegation is remembered in a bounded cache (keyed by its
/// certificate's bytes and subnet id), so a reply from a known subnet costs one BLS verification; its age and ranges
/// are checked on every use. A state-root signature check is remembered too (bounded, keyed by key, root hash and
/// signature), so the replies of one certification round cost one pairing check together. The root key is the mainnet key unless a development
/// network's key is passed explicitly.
/// </summary>
public sealed class CertificateVerifier
{
    private static readonly byte[] BlsKeyDerPrefix = Convert.FromHexString("308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100");

    /// <summary>The IC mainnet root key (DER, 133 bytes). Built in; never fetched.</summary>
    public static ReadOnlySpan<byte> MainnetRootKey => Convert.FromHexString(
        "308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100" +
        "814c0e6ec71fab583b08bd81373c255c3c371b2e84863c98a4f1e08b74235d14fb5d9c0cd546d9685f913a0c0b2cc5341583bf4b4392e467db96d65b9bb4cb717112f8472e0d5a4d14505ffd7484b01291091c5f87b98883463f98091a0baaae");

    private static readonly byte[] StateRootDomain = "\x0Dic-state-root"u8.ToArray();

    /// <summary>The signature cache's scope: the key, message and signature bytes are the whole key.</summary>
    private static readonly Principal SignatureScope = Principal.Anonymous;

    private readonly IBlsVerifier _bls;
    private readonly byte[] _rootKey;
    private readonly ServerClock _clock;
    private readonly CertificateVerifierOptions _options;
    private readonly DelegationCache<VerifiedDelegation> _delegations;
    private readonly DelegationCache<Lazy<bool>> _signatures;

    private sealed record VerifiedDelegation(Certificate Certificate, DateTimeOffset Time, byte[] SubnetKey);

    /// <summary>Creates a verifier.</summary>
    /// <param name="bls">The BLS12-381 verifier.</param>
    /// <param name="rootKeyDer">The root key (DER, 133 bytes): <see cref="MainnetRootKey"/> unless on a development network.</param>
    /// <param name="clock">The corrected clock freshness is judged by.</param>
    /// <param name="options">Freshness bounds; null for the defaults.</param>
    /// <exception cref="ArgumentException">The root key is not a DER BLS key.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The delegation or signature cache capacity is not positive.</exception>
    public CertificateVerifier(IBlsVerifier bls, ReadOnlySpan<byte> rootKeyDer, ServerClock clock, CertificateVerifierOptions? options = null)
    {
        _bls = bls ?? throw new ArgumentNullException(nameof(bls));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _options = options ?? new CertificateVerifierOptions();
        _delegations = new DelegationCache<VerifiedDelegation>(_options.DelegationCacheCapacity);
        _signatures = new DelegationCache<Lazy<bool>>(_options.SignatureCacheCapacity);
        _rootKey = StripBlsKey(rootKeyDer) ?? throw new ArgumentException("The root key is not a 133-byte DER BLS12-381 key.", nameof(rootKeyDer));
        RootKeyDer = rootKeyDer.ToArray();
    }

    /// <summary>The root key this verifier trusts.</summary>
    public byte[] RootKeyDer { get; }

    /// <summary>The clock freshness is judged by.</summary>
    public ServerClock Clock => _clock;

    /// <summary>The SHA-256 fingerprint of a DER key, for logs.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> keyDer) => Convert.ToHexStringLower(SHA256.HashData(keyDer));

    /// <summary>Verifies a certificate received for <paramref name="effectiveCanisterId"/>.</summary>
    /// <exception cref="CertificateException">Any check failed; <see cref="CertificateException.Failure"/> says which.</exception>
    public VerifiedCertificate Verify(ReadOnlySpan<byte> certificateBytes, Principal effectiveCanisterId) => Verify(certificateBytes, effectiveCanisterId, checkFreshness: true);

    /// <summary>
    /// As <see cref="Verify(ReadOnlySpan{byte}, Principal)"/>; <paramref name="checkFreshness"/> false skips only the
    /// <c>/time</c> skew check, to learn the clock offset from a certificate whose signature and ranges do verify.
    /// </summary>
    internal VerifiedCertificate Verify(ReadOnlySpan<byte> certificateBytes, Principal effectiveCanisterId, bool checkFreshness)
    {
        var certificate = Certificate.Parse(certificateBytes);
        byte[] key = _rootKey;
        Principal? subnet = null;
        if (certificate.Delegation is { } delegation)
        {
            var verified = VerifyDelegation(delegation);
            var age = _clock.Now - verified.Time;
            if (age > _options.MaxDelegationAge)
                throw new CertificateException(CertificateFailure.DelegationTooOld, $"the delegation to subnet {delegation.SubnetId} is {age.TotalDays:F1} days old (at most {_options.MaxDelegationAge.TotalDays} days)");
            CanisterRanges.Check(verified.Certificate.Tree, delegation.SubnetId, effectiveCanisterId);
            key = verified.SubnetKey;
            subnet = delegation.SubnetId;
        }
        CheckSignature(certificate, key, subnet is null ? "the root key" : $"subnet {subnet}'s key");
        var time = certificate.Time() ?? throw new CertificateException(CertificateFailure.Stale, "the certificate has no /time");
        var skew = time - _clock.Now;
        if (checkFreshness && skew.Duration() > _options.MaxCertificateSkew)
            throw new CertificateException(CertificateFailure.Stale, $"its /time {time:O} is {skew.TotalSeconds:F0} s from the clock's {_clock.Now:O} (at most {_options.MaxCertificateSkew.TotalSeconds:F0} s)");
        return new VerifiedCertificate(certificate, time, subnet);
    }

    private VerifiedDelegation VerifyDelegation(Delegation delegation)
    {
        if (_delegations.TryGet(delegation.Certificate, delegation.SubnetId, out var cached)) return cached;
        var inner = Certificate.Parse(delegation.Certificate);
        if (inner.Delegation is not null)
            throw new CertificateException(CertificateFailure.NestedDelegation, $"the delegation to subnet {delegation.SubnetId} is itself delegated");
        CheckSignature(inner, _rootKey, "the root key (delegation)", remember: false); // the delegation cache remembers it
        var keyLookup = inner.Tree.LookupPath(["subnet"u8.ToArray(), delegation.SubnetId.Bytes.ToArray(), "public_key"u8.ToArray()]);
        if (keyLookup.Status != LookupStatus.Found)
            throw new CertificateException(CertificateFailure.SubnetKeyMissing, $"the delegation holds no public key for subnet {delegation.SubnetId} ({keyLookup.Status})");
        var subnetKey = StripBlsKey(keyLookup.Value!)
            ?? throw new CertificateException(CertificateFailure.Malformed, $"subnet {delegation.SubnetId}'s key is not a DER BLS key");
        var time = inner.Time() ?? throw new CertificateException(CertificateFailure.Stale, "the delegation has no /time");
        var verified = new VerifiedDelegation(inner, time, subnetKey);
        _delegations.Add(delegation.Certificate, delegation.SubnetId, verified);
        return verified;
    }

    private void CheckSignature(Certificate certificate, byte[] key, string signer, bool remember = true)
    {
        byte[] message = [.. StateRootDomain, .. certificate.Tree.Digest()];
        // Keyed by all three inputs: the same root hash and signature under another key is checked again. Concurrent
        // replies of one round wait for one check instead of each running it.
        // Only a signature that verified stays remembered: a forged one costs its check every time, as before.
        byte[] cacheKey = [.. key, .. message, .. certificate.Signature];
        var signature = certificate.Signature;
        if (!remember)
        {
            if (_bls.Verify(key, message, signature)) return;
        }
        else
        {
            var check = _signatures.GetOrAdd(cacheKey, SignatureScope,
                () => new Lazy<bool>(() => _bls.Verify(key, message, signature), LazyThreadSafetyMode.ExecutionAndPublication));
            if (check.Value) return;
            _signatures.Remove(cacheKey, SignatureScope, check);
        }
        // Only on failure, so the happy path decodes the point once: say whether the signature is no signature at
        // all (a damaged or forged encoding) or a signature of another tree (a changed leaf) or by another key.
        var decoding = Bls.BlsSignature.TryDecode(certificate.Signature, out _);
        if (decoding != Bls.BlsDecodeError.None)
            throw new CertificateException(CertificateFailure.SignatureNotAPoint, $"the signature is not a BLS12-381 G1 point ({decoding})");
        throw new CertificateException(CertificateFailure.InvalidSignature, $"the signature does not verify under {signer}: the tree or the key differs from what was signed");
    }

    private static byte[]? StripBlsKey(ReadOnlySpan<byte> der) =>
        der.Length == BlsKeyDerPrefix.Length + 96 && der[..BlsKeyDerPrefix.Length].SequenceEqual(BlsKeyDerPrefix) ? der[BlsKeyDerPrefix.Length..].ToArray() : null;
}
