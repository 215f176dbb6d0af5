using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Policy;
using Canic.Fsm.Orchestration.Runtime;

namespace Canic.Fsm.Orchestration.Pool;

/// <summary>
/// What counts against maximum_size: every pool row that still belongs to the pool (each owns a canister; a
/// Workload row is a canister in use, tracked but no longer pooled, as Canic's pool drops it on export), every
/// creation in flight (Intent), and every Blocked creation, whose canister may exist although its id is unknown:
/// the refill must not spend cycles on canisters the operator may still find.
/// </summary>
internal sealed class PoolOccupancy(Persistence persistence)
{
    /// <summary>
    /// Ready rows; pooled = rows not in use plus Blocked creations (they may own a canister but will never be Ready on their
    /// own); pending = Intents. All read in one snapshot.
    /// </summary>
    public PoolObservation Observe()
    {
        var (counts, intents, blocked) = persistence.Read(r =>
            (r.Pool.CountByStatus(), (int)r.Creations.Count(CreationState.Intent), (int)r.Creations.Count(CreationState.Blocked)));
        var pooled = counts.Where(c => c.Key != PoolEntryStatus.Workload).Sum(c => c.Value);
        return new PoolObservation((int)counts[PoolEntryStatus.Ready], (int)pooled + blocked, intents);
    }

    /// <summary>Everything counted against maximum_size.</summary>
    public int Occupied()
    {
        var observed = Observe();
        return observed.Pooled + observed.PendingCreations;
    }
}
