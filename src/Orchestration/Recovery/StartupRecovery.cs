using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Pool;
using Canic.Fsm.Orchestration.Provisioning;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Store;

namespace Canic.Fsm.Orchestration.Recovery;

/// <summary>What the start-up recovery found and resumed.</summary>
internal sealed record RecoveryReport(int Attempts, int Creations, int PoolRows, int ReservationsReleased, int OrphanClaimsReturned, int PoolMachines)
{
    public int Total => Attempts + Creations + PoolRows;
}

/// <summary>
/// Start-up recovery: releases reservations of finished or absent attempts (the store's sweep), returns
/// claims whose attempt is gone and interrupted recycles to PendingReset, starts one pool canister machine
/// per pool row in its persisted state, and resumes every unfinished attempt from its persisted state.
/// PendingReset rows and refill intents are resumed by the first check (resets are idempotent; intents are
/// resent with their created_at_time). Nothing is re-sent blindly.
/// </summary>
internal sealed class StartupRecovery(OrchestratorContext context, PoolCanisters pool, AttemptRunner attempts)
{
    private const int PageSize = 10_000;

    public RecoveryReport Run()
    {
        var released = context.Commit(tx => tx.Reservations.SweepOrphans());
        var (rows, active, intents) = context.Store.Read(r => (LoadPool(r), r.Attempts.ListActive(), r.Creations.ListIntents().Count));
        var activeIds = active.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var orphanClaims = 0;
        var waiting = 0;
        // A claim whose attempt is gone, or a recycle interrupted by the crash, goes back to the reset path
        // (Recycling -> PendingReset keeps role and module hash).
        var returned = rows.Select((row, index) => (row, index))
            .Where(x => x.row.Status == PoolEntryStatus.Recycling || (x.row.Status == PoolEntryStatus.Claimed && !activeIds.Contains(x.row.OperationId!)))
            .ToList();
        if (returned.Count > 0)
            context.Commit(tx =>
            {
                foreach (var (row, index) in returned)
                {
                    if (!tx.Pool.TryChangeStatus(row.Pid, row.Status, PoolEntryStatus.PendingReset)) continue;
                    if (row.Status == PoolEntryStatus.Claimed) orphanClaims++;
                    rows[index] = row with { Status = PoolEntryStatus.PendingReset, OperationId = null };
                }
            });
        foreach (var row in rows) if (row.Status == PoolEntryStatus.PendingReset) waiting++;
        // The machines first: resumed attempts notify them of their claims and commits.
        pool.StartAll(rows);
        var resumed = attempts.ResumeUnfinished();
        var report = new RecoveryReport(resumed, intents, waiting, released, orphanClaims, rows.Count);
        context.Logger.LogRecovered(report.Total, report.Attempts, report.Creations, report.PoolRows, report.ReservationsReleased, report.PoolMachines);
        return report;
    }

    private static List<PoolEntry> LoadPool(StoreReader reader)
    {
        var rows = new List<PoolEntry>();
        PoolCursor? cursor = null;
        do
        {
            var page = reader.Pool.Page(null, cursor, PageSize);
            rows.AddRange(page.Items);
            cursor = page.Next;
        } while (cursor is not null);
        return rows;
    }
}
