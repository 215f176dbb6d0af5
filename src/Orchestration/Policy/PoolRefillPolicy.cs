namespace Canic.Fsm.Orchestration.Policy;

/// <summary>How many canisters the periodic pool check creates.</summary>
public static class PoolRefillPolicy
{
    /// <summary>The most canisters one check creates, as in Canic.</summary>
    public const int MaxCreationsPerCheck = 10;

    /// <summary>
    /// Plans one check: create what minimum_size lacks, counting pending creations as future Ready canisters
    /// (so an in-flight creation is never doubled), at most <see cref="MaxCreationsPerCheck"/>, and never so many
    /// that pooled canisters plus pending creations exceed maximum_size.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative count or size, Ready above Pooled, or minimum above maximum.</exception>
    public static RefillPlan PlanRefill(PoolObservation observed, int minimumSize, int maximumSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(observed.Ready);
        ArgumentOutOfRangeException.ThrowIfNegative(observed.Pooled);
        ArgumentOutOfRangeException.ThrowIfNegative(observed.PendingCreations);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumSize);
        if (observed.Ready > observed.Pooled)
            throw new ArgumentOutOfRangeException(nameof(observed), observed, $"Ready ({observed.Ready}) cannot exceed Pooled ({observed.Pooled}): every Ready entry is a pooled one.");
        if (minimumSize > maximumSize)
            throw new ArgumentOutOfRangeException(nameof(minimumSize), minimumSize, $"minimum_size ({minimumSize}) is greater than maximum_size ({maximumSize}).");

        var status = $"{observed.Ready}/{minimumSize} ready, {observed.PendingCreations} pending creation(s), {observed.Pooled}/{maximumSize} pooled";
        var missing = Math.Max(0, minimumSize - observed.Ready - observed.PendingCreations);
        if (missing == 0)
            return new RefillPlan(0, 0, RefillReason.Satisfied, $"pool satisfied: {status}");

        var room = Math.Max(0, maximumSize - observed.Pooled - observed.PendingCreations);
        var toCreate = Math.Min(missing, Math.Min(MaxCreationsPerCheck, room));
        var reason = toCreate == missing ? RefillReason.Refill
            : toCreate == room ? RefillReason.CappedByMaximum
            : RefillReason.CappedPerCheck;
        return new RefillPlan(toCreate, missing, reason, $"pool low: {status}, missing {missing}, creating {toCreate}");
    }
}
