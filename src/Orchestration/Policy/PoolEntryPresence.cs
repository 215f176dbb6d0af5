namespace Canic.Fsm.Orchestration.Policy;

/// <summary>What the pool holds for a canister, as far as the admin commands care.</summary>
public enum PoolEntryPresence
{
    /// <summary>No pool row for the canister.</summary>
    Absent,
    /// <summary>A pool row in Failed.</summary>
    Failed,
    /// <summary>A pool row in any other state (PendingReset, Ready, Claimed, in use, recycling).</summary>
    NotFailed,
}

/// <summary>A pool row change planned by an admin command, applied by the workflow as a compare-and-set.</summary>
public enum PoolChangeKind
{
    /// <summary>Insert a PendingReset row with no cycles; expects no row for the canister.</summary>
    Add,
    /// <summary>Failed -> PendingReset, cycles reset to zero, role, parent and module hash kept; expects Failed.</summary>
    Requeue,
}

/// <summary>One planned pool row change.</summary>
/// <param name="Pid">The canister.</param>
/// <param name="Kind">The change.</param>
public readonly record struct PlannedPoolChange(Ic.Principal Pid, PoolChangeKind Kind);
