using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Policy;

/// <summary>
/// Classifies the canisters of the queued admin commands with the seed's semantics and counts. Pure: the
/// workflow reads the current rows, plans, then applies every change in one transaction. A pid named twice is
/// planned once; its repeat sees the row as already planned (PendingReset) and is skipped, as the seed's
/// sequential loop would.
/// </summary>
public static class PoolAdminPlanner
{
    /// <summary>
    /// ImportQueued: per pid, a registered canister -> skipped; a Failed entry -> requeued; an entry in any other
    /// state -> skipped; an unknown canister -> added as PendingReset.
    /// </summary>
    /// <param name="pids">The command's canisters, in order.</param>
    /// <param name="isRegistered">Whether a canister is in the registry (in use by a role).</param>
    /// <param name="poolEntry">What the pool holds for a canister now.</param>
    public static ImportQueuedPlan PlanImportQueued(IReadOnlyList<Principal> pids, Func<Principal, bool> isRegistered, Func<Principal, PoolEntryPresence> poolEntry)
    {
        ArgumentNullException.ThrowIfNull(pids);
        ArgumentNullException.ThrowIfNull(isRegistered);
        var view = new PlannedView(poolEntry);
        int added = 0, requeued = 0;
        foreach (var pid in pids)
        {
            if (isRegistered(pid)) continue;
            switch (view.Presence(pid))
            {
                case PoolEntryPresence.Absent: view.Plan(pid, PoolChangeKind.Add); added++; break;
                case PoolEntryPresence.Failed: view.Plan(pid, PoolChangeKind.Requeue); requeued++; break;
            }
        }
        return new ImportQueuedPlan(view.Changes, added, requeued, pids.Count - added - requeued, pids.Count);
    }

    /// <summary>RequeueFailed naming pids: a Failed entry -> requeued; anything else, absent included -> skipped.</summary>
    /// <param name="pids">The command's canisters, in order.</param>
    /// <param name="poolEntry">What the pool holds for a canister now.</param>
    public static RequeueFailedPlan PlanRequeueFailed(IReadOnlyList<Principal> pids, Func<Principal, PoolEntryPresence> poolEntry)
    {
        ArgumentNullException.ThrowIfNull(pids);
        var view = new PlannedView(poolEntry);
        foreach (var pid in pids)
        {
            if (view.Presence(pid) == PoolEntryPresence.Failed) view.Plan(pid, PoolChangeKind.Requeue);
        }
        return new RequeueFailedPlan(view.Changes, view.Changes.Count, pids.Count - view.Changes.Count, pids.Count);
    }

    /// <summary>RequeueFailed naming no pid: every Failed entry -> requeued; every other entry -> skipped.</summary>
    /// <param name="failedPids">The pool's Failed entries (distinct).</param>
    /// <param name="totalEntries">The number of pool entries, Failed included.</param>
    /// <exception cref="ArgumentException">A pid repeats, or more Failed entries than entries.</exception>
    public static RequeueFailedPlan PlanRequeueAllFailed(IReadOnlyCollection<Principal> failedPids, int totalEntries)
    {
        ArgumentNullException.ThrowIfNull(failedPids);
        if (failedPids.Count > totalEntries)
            throw new ArgumentException($"{failedPids.Count} Failed entries cannot exceed the {totalEntries} pool entries.", nameof(totalEntries));
        if (failedPids.Distinct().Count() != failedPids.Count)
            throw new ArgumentException("The Failed entries must be distinct pool rows.", nameof(failedPids));
        var changes = failedPids.Select(pid => new PlannedPoolChange(pid, PoolChangeKind.Requeue)).ToList();
        return new RequeueFailedPlan(changes.AsReadOnly(), changes.Count, totalEntries - changes.Count, totalEntries);
    }

    // The pool as it will be once the changes planned so far are applied: a planned row is PendingReset.
    private sealed class PlannedView(Func<Principal, PoolEntryPresence> current)
    {
        private readonly Func<Principal, PoolEntryPresence> _current = current ?? throw new ArgumentNullException(nameof(current));
        private readonly HashSet<Principal> _planned = [];
        private readonly List<PlannedPoolChange> _changes = [];

        public IReadOnlyList<PlannedPoolChange> Changes => _changes.AsReadOnly();

        public PoolEntryPresence Presence(Principal pid) =>
            _planned.Contains(pid) ? PoolEntryPresence.NotFailed : _current(pid);

        public void Plan(Principal pid, PoolChangeKind kind)
        {
            _planned.Add(pid);
            _changes.Add(new PlannedPoolChange(pid, kind));
        }
    }
}
