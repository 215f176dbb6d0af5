using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Policy;
using Canic.Fsm.Orchestration.Runtime;

namespace Canic.Fsm.Orchestration.Pool;

/// <summary>
/// What counts against maximum_size: every pool row (each owns a canister, whatever its state), every creation
/// in flight (Intent), and every Blocked creation, whose canister may exist although its id is unknown: the
/// refill must not spend cycles on canisters the operator may still find.
/// </summary>
internal sealed class PoolOccupancy(OrchestratorContext context, RecordListings listings)
{
    /// <summary>
    /// Ready rows; pooled = rows plus Blocked creations (they may own a canister but will never be Ready on their
    /// own); pending = Intents. Intents are read before Blocked records, so a record blocked in between is counted
    /// twice (one canister too few created), never missed.
    /// </summary>
    public PoolObservation Observe()
    {
        var (counts, intents) = context.Store.Read(r => (r.Pool.CountByStatus(), r.Creations.ListIntents().Count));
        var blocked = (int)listings.Creations(nameof(CreationState.Blocked), 0, 1).Total;
        return new PoolObservation((int)counts[PoolEntryStatus.Ready], (int)counts.Values.Sum() + blocked, intents);
    }

    /// <summary>Everything counted against maximum_size.</summary>
    public int Occupied()
    {
        var observed = Observe();
        return observed.Pooled + observed.PendingCreations;
    }
}
