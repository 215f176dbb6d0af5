using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Provisioning;
using Canic.Fsm.Orchestration.Runtime;

namespace Canic.Fsm.Orchestration.Recovery;

/// <summary>What the start-up recovery found and resumed.</summary>
internal sealed record RecoveryReport(int Attempts, int Creations, int PoolRows, int ReservationsReleased, int OrphanClaimsReturned)
{
    public int Total => Attempts + Creations + PoolRows;
}

/// <summary>
/// Start-up recovery: releases reservations of finished or absent attempts (the store's sweep), returns
/// claims whose attempt is gone to the pool, and resumes every unfinished attempt from its persisted
/// state. Pool rows in PendingReset or Recycling and refill intents are resumed by the first check
/// (resets are idempotent; intents are resent with their created_at_time). Nothing is re-sent blindly.
/// </summary>
internal sealed class StartupRecovery(OrchestratorContext context, AttemptRunner attempts)
{
    public RecoveryReport Run()
    {
        var released = context.Commit(tx => tx.Reservations.SweepOrphans());
        var snapshot = context.Store.Read(r => r.LoadRecovery());
        var active = snapshot.Attempts.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var orphanClaims = snapshot.PoolEntries.Where(e => e.Status == PoolEntryStatus.Claimed && !active.Contains(e.OperationId!)).ToList();
        // A recycle interrupted by the crash is finished by the reset worker: Recycling -> PendingReset keeps role and module hash.
        var recycling = snapshot.PoolEntries.Where(e => e.Status == PoolEntryStatus.Recycling).ToList();
        if (orphanClaims.Count + recycling.Count > 0)
            context.Commit(tx =>
            {
                foreach (var entry in orphanClaims) tx.Pool.TryChangeStatus(entry.Pid, PoolEntryStatus.Claimed, PoolEntryStatus.PendingReset);
                foreach (var entry in recycling) tx.Pool.TryChangeStatus(entry.Pid, PoolEntryStatus.Recycling, PoolEntryStatus.PendingReset);
            });
        var resumed = attempts.ResumeUnfinished();
        var poolRows = snapshot.PoolEntries.Count(e => e.Status is PoolEntryStatus.PendingReset or PoolEntryStatus.Recycling) + orphanClaims.Count;
        var report = new RecoveryReport(resumed, snapshot.CreationIntents.Count, poolRows, released, orphanClaims.Count);
        context.Logger.LogRecovered(report.Total, report.Attempts, report.Creations, report.PoolRows, report.ReservationsReleased);
        return report;
    }
}
