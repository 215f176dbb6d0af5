using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Policy;

/// <summary>What a successful reset leaves the pool entry as.</summary>
/// <param name="IsReady">True: the entry becomes Ready; false: it becomes Failed(<paramref name="FailureReason"/>).</param>
/// <param name="Cycles">The cycles read by <c>canister_status</c> after the reset.</param>
/// <param name="FailureReason">The Failed reason, starting with <c>below</c>; null when Ready.</param>
public sealed record ResetOutcome(bool IsReady, Cycles Cycles, string? FailureReason)
{
    /// <summary>
    /// Ready when the canister holds at least the configured per-canister cycles; otherwise Failed with a reason
    /// naming both amounts, so that an underfunded canister is never handed out.
    /// </summary>
    /// <param name="observed">Cycles read after the reset.</param>
    /// <param name="configured">The pool's canister_cycles.</param>
    public static ResetOutcome Evaluate(Cycles observed, Cycles configured) => observed >= configured
        ? new ResetOutcome(true, observed, null)
        : new ResetOutcome(false, observed,
            $"below the configured canister_cycles: canister_status reported {observed} ({observed.Value}) cycles after reset, {configured} ({configured.Value}) required");
}
