namespace Canic.Fsm.Orchestration.Policy;

/// <summary>What an install whose outcome was unknown turned out to be.</summary>
public enum InstallVerdict
{
    /// <summary>The canister runs the expected module: the install happened.</summary>
    Installed,
    /// <summary>The canister is empty: the install did not happen; it is safe to send it again.</summary>
    InstallAgain,
    /// <summary>The canister runs another module: surfaced to the operator, never overwritten.</summary>
    Conflict,
}

/// <summary>The answer of <see cref="InstallReconciliation.Reconcile"/>.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="Reason">The verdict in words, with both hashes in hex.</param>
public sealed record InstallReconciliationResult(InstallVerdict Verdict, string Reason);

/// <summary>Resolves an unknown install outcome by observing, never by blindly installing again.</summary>
public static class InstallReconciliation
{
    /// <summary>Compares <c>canister_status.module_hash</c> with the SHA-256 of the module the attempt installs.</summary>
    /// <param name="expectedHash">The SHA-256 of the attempt's module.</param>
    /// <param name="observedHash">The observed module hash; null when the canister has no module.</param>
    public static InstallReconciliationResult Reconcile(ReadOnlySpan<byte> expectedHash, byte[]? observedHash)
    {
        if (observedHash is null)
            return new InstallReconciliationResult(InstallVerdict.InstallAgain, "the canister has no module: the install did not happen");
        var expected = Convert.ToHexStringLower(expectedHash);
        return expectedHash.SequenceEqual(observedHash)
            ? new InstallReconciliationResult(InstallVerdict.Installed, $"the canister runs the expected module {expected}")
            : new InstallReconciliationResult(InstallVerdict.Conflict,
                $"the canister runs module {Convert.ToHexStringLower(observedHash)}, not the expected {expected}");
    }
}
