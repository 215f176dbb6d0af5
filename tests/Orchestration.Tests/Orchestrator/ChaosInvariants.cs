using Canic.Fsm.Tests.Shared;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

/// <summary>The invariants a run must end with, read from the store and the simulated IC; each broken one is a line.</summary>
internal static class ChaosInvariants
{
    public static List<string> Check(OrchestratorHarness h, Orchestration.Orchestrator o, IReadOnlySet<Principal> external)
    {
        var v = new List<string>();
        var (pool, registry, creations, attempts, open) = o.Persistence.Read(r => (
            PoolRows(r),
            h.Config.Roles.Keys.SelectMany(role => r.Registry.ListByRole(role)).ToList(),
            r.Creations.Page(null, 0, 100_000).Items,
            r.Attempts.Page(null, 0, 100_000).Items,
            r.Reservations.ListOpen()));
        var snapshot = h.Ic.Snapshot();
        var live = snapshot.Canisters.Where(c => !c.Deleted).Select(c => c.Id).ToHashSet();
        var blocked = creations.Where(c => c.State == CreationState.Blocked).ToList();

        // Every canister on the IC is named by a pool row, a registry row or a Blocked creation record (one without an id
        // may stand for one canister the operator has to find). The test's own external canisters are not the orchestrator's.
        var named = pool.Select(e => e.Pid).Concat(registry.Select(e => e.Pid)).Concat(blocked.Where(c => c.CanisterId is not null).Select(c => c.CanisterId!.Value)).ToHashSet();
        var unnamed = live.Where(pid => !named.Contains(pid) && !external.Contains(pid)).ToList();
        if (unnamed.Count > blocked.Count(c => c.CanisterId is null))
            v.Add($"canisters named by nothing: {string.Join(", ", unnamed)} (Blocked creations without an id: {blocked.Count(c => c.CanisterId is null)})");

        // No row names a canister that does not exist.
        foreach (var e in pool.Where(e => !live.Contains(e.Pid))) v.Add($"pool row {e.Pid} ({e.Status}) names a canister that does not exist");
        foreach (var e in registry.Where(e => !live.Contains(e.Pid))) v.Add($"registry row {e.Pid} ({e.Status}) names a canister that does not exist");

        // No canister has two owners: a registry row and its Workload pool row name the same attempt; one creation per canister;
        // at most one unfinished attempt per canister.
        foreach (var e in registry)
        {
            var row = pool.FirstOrDefault(p => p.Pid == e.Pid);
            if (row is null || row.Status is not (PoolEntryStatus.Workload or PoolEntryStatus.Claimed) || row.OperationId != e.AttemptId)
                v.Add($"registry row {e.Pid} (attempt {e.AttemptId}) but pool row {row?.Status.ToString() ?? "(none)"} of {row?.OperationId ?? "nobody"}");
        }
        foreach (var g in creations.Where(c => c.State == CreationState.Created).GroupBy(c => c.CanisterId).Where(g => g.Count() > 1))
            v.Add($"canister {g.Key} created by {g.Count()} creation records");
        foreach (var g in attempts.Where(a => a.Pid is not null && a.State is not (AttemptState.Committed or AttemptState.Failed)).GroupBy(a => a.Pid).Where(g => g.Count() > 1))
            v.Add($"canister {g.Key} held by unfinished attempts {string.Join(", ", g.Select(a => a.Id))}");

        // Budgets balance; no open reservation of a finished attempt.
        foreach (var role in h.Config.Roles.Keys)
        {
            var balance = o.Persistence.Read(r => r.Reservations.Check(role));
            if (!balance.IsConsistent) v.Add($"budget {role}: {balance}");
        }
        var unfinishedIds = attempts.Where(a => a.State is not (AttemptState.Committed or AttemptState.Failed)).Select(a => a.Id).ToHashSet();
        foreach (var res in open.Where(res => !unfinishedIds.Contains(res.AttemptId))) v.Add($"open reservation {res.Id} of finished attempt {res.AttemptId}");

        // Nothing unfinished except Blocked.
        foreach (var a in attempts.Where(a => a.State is not (AttemptState.Committed or AttemptState.Failed or AttemptState.Blocked)))
            v.Add($"attempt {a.Id} left {a.State}");
        foreach (var c in creations.Where(c => c.State == CreationState.Intent)) v.Add($"creation {c.Id} left Intent");
        var blockedAttempts = attempts.Where(a => a.State == AttemptState.Blocked).Select(a => a.Id).ToHashSet();
        foreach (var e in pool.Where(e => e.Status is PoolEntryStatus.PendingReset or PoolEntryStatus.Recycling
                     || e.Status == PoolEntryStatus.Claimed && !blockedAttempts.Contains(e.OperationId!)))
            v.Add($"pool row {e.Pid} left {e.Status}{(e.OperationId is null ? "" : $" ({e.OperationId})")}");

        // The ledger's debits are the cycles of the Created ledger creations plus a fee each; a Blocked one may have cost its own.
        var debits = OrchestratorHarness.Minted - snapshot.Balances.GetValueOrDefault(new Account(OrchestratorHarness.Self));
        var fee = h.Ic.Options.LedgerFee;
        var created = creations.Where(c => c.State == CreationState.Created && c.Method == CreationMethod.Ledger)
            .Aggregate(Cycles.Zero, (sum, c) => sum + c.Amount + fee);
        var blockedCost = blocked.Where(c => c.Method == CreationMethod.Ledger).Aggregate(Cycles.Zero, (sum, c) => sum + c.Amount + fee);
        if (debits < created || debits > created + blockedCost)
            v.Add($"ledger debits {debits} differ from the Created creations' {created} (+ at most {blockedCost} for Blocked ones)");
        return v;
    }

    private static List<PoolEntry> PoolRows(global::Canic.Fsm.Orchestration.Store.StoreReader r)
    {
        var rows = new List<PoolEntry>();
        global::Canic.Fsm.Orchestration.Store.PoolCursor? cursor = null;
        do
        {
            var page = r.Pool.Page(null, cursor, 1000);
            rows.AddRange(page.Items);
            cursor = page.Next;
        } while (cursor is not null);
        return rows;
    }
}
