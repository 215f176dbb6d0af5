namespace Canic.Fsm.Ic.Certificates;

/// <summary>How strict certificate freshness is.</summary>
public sealed record CertificateVerifierOptions
{
    /// <summary>The largest distance between a certificate's <c>/time</c> and the corrected clock, either way: 5 minutes (agent-js).</summary>
    public TimeSpan MaxCertificateSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The oldest delegation accepted: 30 days (agent-js).</summary>
    public TimeSpan MaxDelegationAge { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How many verified delegations are remembered (their signature is checked once).</summary>
    public int DelegationCacheCapacity { get; init; } = 64;
}
