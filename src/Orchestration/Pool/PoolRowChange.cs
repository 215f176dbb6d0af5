using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Pool;

/// <summary>
/// A committed change of one pool row, as its machine must mirror it. <paramref name="Sequence"/> is taken
/// inside the unit of work (writes are serialized), so it orders changes as the commits did: a notification
/// that arrives after a newer one is recognised as stale and ignored.
/// </summary>
/// <param name="Pid">The pool canister.</param>
/// <param name="Status">The row's new status; null when the row was removed (its canister was deleted).</param>
/// <param name="Reason">The Failed reason.</param>
/// <param name="OperationId">The owning attempt (Claimed, Workload).</param>
/// <param name="Sequence">The commit order of the change (0 = as loaded at start-up).</param>
internal readonly record struct PoolRowChange(Principal Pid, PoolEntryStatus? Status, string? Reason, string? OperationId, long Sequence);

/// <summary>
/// The pool row changes of one unit of work: recorded inside it (each stamped with the commit order) and
/// published to the rows' machines only once it has committed.
/// </summary>
internal sealed class PoolChangeSet(PoolCanisters pool)
{
    private List<PoolRowChange>? _changes;

    public IReadOnlyList<PoolRowChange> Changes => (IReadOnlyList<PoolRowChange>?)_changes ?? [];

    /// <summary>Records the row's new state when <paramref name="applied"/> (the result of its compare-and-set); returns it.</summary>
    public bool Record(bool applied, Principal pid, PoolEntryStatus? status, string? reason = null, string? operationId = null)
    {
        if (applied) (_changes ??= []).Add(pool.Stamp(pid, status, reason, operationId));
        return applied;
    }

    /// <summary>Records <paramref name="entry"/> as the row's new state.</summary>
    public PoolEntry Record(PoolEntry entry)
    {
        Record(true, entry.Pid, entry.Status, entry.Reason, entry.OperationId);
        return entry;
    }
}
