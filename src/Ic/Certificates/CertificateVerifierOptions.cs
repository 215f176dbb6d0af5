namespace Canic.Fsm.Ic.Certificates;

/// <summary>How strict certificate freshness is.</summary>
public sealed record CertificateVerifierOptions
{
    /// <summary>The largest distance between a certificate's <c>/time</c> and the corrected clock, either way: 5 minutes (agent-js).</summary>
    public TimeSpan MaxCertificateSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The oldest delegation accepted: 30 days (agent-js).</summary>
    public TimeSpan MaxDelegationAge { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How many verified delegations are remembered (the signature of each is checked once; beyond this bound the least
    /// recently used is dropped and checked again when it returns). Must be positive.
    /// </summary>
    public int DelegationCacheCapacity { get; init; } = 64;

    /// <summary>
    /// How many state-root signature checks are remembered (signing key, root hash and signature bytes, with their
    /// outcome). The IC certifies its state once per round, so every reply of one round carries the same root hash and
    /// signature: a burst of replies costs one pairing check per round instead of one per reply. A check is a pure
    /// function of those bytes, so remembering it trusts nothing new. Must be positive.
    /// </summary>
    public int SignatureCacheCapacity { get; init; } = 1024;
}
