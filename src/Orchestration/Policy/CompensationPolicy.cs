using Canic.Fsm.Orchestration.Domain;

namespace Canic.Fsm.Orchestration.Policy;

/// <summary>What a failed attempt does with its canister.</summary>
public enum CompensationAction
{
    /// <summary>Put it back into the pool to be reset (PendingReset path); its cycles stay usable.</summary>
    Recycle,
    /// <summary>Uninstall, stop and delete it; its cycles are lost, so this is the last resort.</summary>
    Delete,
}

/// <summary>The answer of <see cref="CompensationPolicy.AfterFailedInstall"/>.</summary>
/// <param name="Action">Recycle or delete.</param>
/// <param name="Reason">Why, with the counts.</param>
public sealed record CompensationPlan(CompensationAction Action, string Reason);

/// <summary>What happens to the canister of an attempt whose install failed.</summary>
public static class CompensationPolicy
{
    /// <summary>
    /// A pool canister always goes back to the pool (it is one of the pool's rows already). A new canister
    /// joins the pool while there is room under maximum_size; it is deleted only when keeping it would put the
    /// pool over maximum_size, because deleting discards its cycles.
    /// </summary>
    /// <param name="source">Where the canister came from.</param>
    /// <param name="pooledOthers">Pool rows that own a canister, not counting this one, plus pending creations.</param>
    /// <param name="maximumSize">The pool's maximum_size.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative count or size.</exception>
    public static CompensationPlan AfterFailedInstall(AllocationSource source, int pooledOthers, int maximumSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pooledOthers);
        ArgumentOutOfRangeException.ThrowIfNegative(maximumSize);
        if (source == AllocationSource.Pool)
            return new CompensationPlan(CompensationAction.Recycle, "a pool canister goes back to the pool");
        return pooledOthers < maximumSize
            ? new CompensationPlan(CompensationAction.Recycle,
                $"the pool has room for the new canister ({pooledOthers} pooled, maximum_size {maximumSize})")
            : new CompensationPlan(CompensationAction.Delete,
                $"keeping the new canister would put the pool over maximum_size ({pooledOthers} pooled, maximum_size {maximumSize})");
    }
}
