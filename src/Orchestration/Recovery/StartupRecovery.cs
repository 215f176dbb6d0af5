using Microsoft.Extensions.Logging;
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
internal sealed class StartupRecovery(Persistence persistence, ILogger logger, PoolCanisters pool, AttemptRunner attempts)
{
    private const int PageSize = 10_000;

    public RecoveryReport Run()
    {
        // One unit of work, set-based: the store decides which claims are orphans in the same transaction that
        // returns them, so the rows read afterwards are already in the state their machines must mirror.
        var (released, orphanClaims) = persistence.Commit(tx =>
        {
            var sweep = tx.Reservations.SweepOrphans();
            var claims = tx.Pool.ReturnOrphanClaims();
            tx.Pool.ReturnInterruptedRecycles();
            return (sweep, claims);
        });
        var intents = persistence.Read(r => r.Creations.ListIntents().Count);
        // The machines first: resumed attempts notify them of their claims and commits.
        var (machines, waiting) = persistence.Read(StartPoolMachines);
        var resumed = attempts.ResumeUnfinished();
        var report = new RecoveryReport(resumed, intents, waiting, released, orphanClaims, machines);
        logger.LogRecovered(report.Total, report.Attempts, report.Creations, report.PoolRows, report.ReservationsReleased, report.PoolMachines);
        return report;
    }

    /// <summary>
    /// Reads the pool a page at a time (each row validated) and starts the page's machines before reading the next,
    /// so their loops enter their states on the other cores while the read goes on. A corrupt row throws and the
    /// caller stops the machines already started.
    /// </summary>
    private (int Machines, int Waiting) StartPoolMachines(StoreReader reader)
    {
        int machines = 0, waiting = 0;
        PoolCursor? cursor = null;
        do
        {
            var page = reader.Pool.Page(null, cursor, PageSize);
            pool.StartAll(page.Items);
            machines += page.Items.Count;
            foreach (var row in page.Items) if (row.Status == PoolEntryStatus.PendingReset) waiting++;
            cursor = page.Next;
        } while (cursor is not null);
        return (machines, waiting);
    }
}
