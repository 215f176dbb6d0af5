namespace Canic.Fsm.Ic.Certificates;

/// <summary>Why a certificate was refused. Each check has its own reason, so a log says which one failed.</summary>
public enum CertificateFailure
{
    /// <summary>Not a certificate: bad CBOR, a malformed tree, a missing field, a key of the wrong form.</summary>
    Malformed,

    /// <summary>The BLS signature is a valid point but does not verify: the tree (a changed leaf) or the key is not what was signed.</summary>
    InvalidSignature,

    /// <summary>The delegation's certificate has a delegation of its own.</summary>
    NestedDelegation,

    /// <summary>The delegation's certificate does not hold the subnet's public key.</summary>
    SubnetKeyMissing,

    /// <summary>The delegation's certificate holds no canister ranges for the subnet (absent or pruned), in either layout.</summary>
    CanisterRangesMissing,

    /// <summary>The effective canister id is not in the delegated subnet's ranges: the subnet may not speak for it.</summary>
    CanisterNotInRanges,

    /// <summary>The certificate's <c>/time</c> is missing, too old or too far ahead of the (corrected) clock.</summary>
    Stale,

    /// <summary>The delegation's <c>/time</c> is older than the maximum delegation age.</summary>
    DelegationTooOld,

    /// <summary>A value the caller needs is not in the certificate (pruned or absent).</summary>
    ValueMissing,

    /// <summary>A query reply is signed by a node that is not a node of the canister's subnet (after refetching the node keys once).</summary>
    NodeNotInSubnet,

    /// <summary>The BLS signature is not a valid compressed G1 point (wrong length or flags, not on the curve, not in the subgroup).</summary>
    SignatureNotAPoint,
}

/// <summary>A certificate that failed verification; nothing in it is trusted.</summary>
public sealed class CertificateException : IcProtocolException
{
    /// <summary>Creates the error.</summary>
    public CertificateException(CertificateFailure failure, string message, Exception? innerException = null)
        : base($"Certificate refused ({failure}): {message}", innerException) => Failure = failure;

    /// <summary>Which check failed.</summary>
    public CertificateFailure Failure { get; }
}
