using Microsoft.Extensions.Logging;
using Canic.Fsm.Orchestration.Creation;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Policy;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Store;

namespace Canic.Fsm.Orchestration.Pool;

/// <summary>
/// Pool creations through creation records: the intent is committed before the call, the canister id
/// (with its PendingReset pool row) the moment it is known. Intents left by a crash or a wait are
/// resent with their original created_at_time, so the ledger answers Duplicate instead of creating twice.
/// </summary>
internal sealed class PoolRefill(PoolConfig poolConfig, Persistence persistence, TransitionLog transitions, ILogger logger, TimeProvider time,
    CanisterCreator creator, PoolCanisters pool, PoolOccupancy occupancy)
{
    private readonly HashSet<string> _inFlight = [];

    /// <summary>Resends every pool-refill intent; returns how many settled.</summary>
    public async Task<int> ResumeIntentsAsync(CancellationToken ct)
    {
        var intents = persistence.Read(r => r.Creations.ListIntents()).Where(c => c.Purpose == CreationPurpose.PoolRefill).ToList();
        var settled = 0;
        // An intent still Intent and not in flight may have been sent before (by this process too: its id's commit
        // may have failed), so it is resumed: a provisional create, which cannot be deduplicated, is blocked, not resent.
        foreach (var record in intents)
            if (await SendAndSettleAsync(record, resumed: true, ct).ConfigureAwait(false) is not null) settled++;
        return settled;
    }

    /// <summary>Plans the refill (at most 10, never above maximum_size counting pending and blocked creations) and creates.</summary>
    public async Task<int> RefillAsync(CancellationToken ct)
    {
        var observed = occupancy.Observe();
        var plan = PoolRefillPolicy.PlanRefill(observed, poolConfig.MinimumSize, poolConfig.MaximumSize);
        if (plan.ToCreate > 0) logger.LogRefill(observed.Ready, poolConfig.MinimumSize, plan.Message);
        var created = 0;
        for (var i = 0; i < plan.ToCreate; i++)
            if ((await CreateOneAsync(ct).ConfigureAwait(false)).Pid is not null) created++;
        return created;
    }

    /// <summary>
    /// Creates one pool canister; its row is PendingReset (the reset makes it Ready). Answers the creation record's id, and
    /// the canister, or null when it was not created (yet): the record then says why.
    /// </summary>
    public async Task<(string CreationId, Principal? Pid)> CreateOneAsync(CancellationToken ct)
    {
        var record = creator.NewIntent(CreationPurpose.PoolRefill, null, poolConfig.CanisterCycles);
        persistence.Commit(tx => StoreTransaction.Require(tx.Creations.TryInsert(record), $"creation intent {record.Id}"));
        transitions.Report("creation", record.Id, "", "Intent");
        return (record.Id, await SendAndSettleAsync(record, resumed: false, ct).ConfigureAwait(false));
    }

    /// <summary>
    /// One send at a time per intent, and only while it is still an Intent: an admin CreateEmpty runs beside the check,
    /// and a second provisional create of the same intent would pay for a canister whose id nothing could record.
    /// </summary>
    private async Task<Principal?> SendAndSettleAsync(CreationRecord record, bool resumed, CancellationToken ct)
    {
        lock (_inFlight) if (!_inFlight.Add(record.Id)) return null;
        try
        {
            // The caller's copy may be stale: the send that was in flight when it was read may have settled it since.
            if (persistence.Read(r => r.Creations.Get(record.Id))?.State != CreationState.Intent) return null;
            return await SendOnceAndSettleAsync(record, resumed, ct).ConfigureAwait(false);
        }
        finally
        {
            lock (_inFlight) _inFlight.Remove(record.Id);
        }
    }

    private async Task<Principal?> SendOnceAndSettleAsync(CreationRecord record, bool resumed, CancellationToken ct)
    {
        var outcome = await creator.SendAsync(record, resumed, null, ct).ConfigureAwait(false);
        switch (outcome)
        {
            case CreationOutcome.Created created:
                pool.Commit((tx, changes) =>
                {
                    StoreTransaction.Require(tx.Creations.TryTransition(record with { State = CreationState.Created, CanisterId = created.Pid }, CreationState.Intent),
                        $"creation {record.Id} Intent -> Created");
                    var now = time.GetUtcNow();
                    PoolCanisters.AdoptCreated(tx, changes, new PoolEntry(created.Pid, now, Cycles.Zero, PoolEntryStatus.PendingReset, null, null, null, null, null, now));
                });
                transitions.Report("creation", record.Id, "Intent", "Created", created.Pid.ToString());
                transitions.Report("pool", created.Pid.ToString(), "", "PendingReset");
                return created.Pid;
            case CreationOutcome.Blocked blocked:
                Settle(record, CreationState.Blocked, blocked.Reason);
                return null;
            case CreationOutcome.Refused refused:
                Settle(record, CreationState.Failed, refused.Reason);
                return null;
            default:
                return null; // Wait / Transient / Unknown: stays Intent, resent on the next check with the same created_at_time.
        }
    }

    private void Settle(CreationRecord record, CreationState state, string reason)
    {
        persistence.Commit(tx => StoreTransaction.Require(tx.Creations.TryTransition(record with { State = state, Error = reason }, CreationState.Intent),
            $"creation {record.Id} Intent -> {state}"));
        transitions.Report("creation", record.Id, "Intent", state.ToString(), reason);
    }
}
