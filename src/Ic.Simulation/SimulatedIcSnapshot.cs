namespace Canic.Fsm.Ic.Simulation;

/// <summary>
/// The whole simulated network at one instant. Cycles are conserved:
/// <c>Minted = sum(Balances) + sum(canister Cycles) + FeesBurned + Discarded</c> (see <see cref="CyclesConserved"/>).
/// </summary>
/// <param name="Canisters">Every canister ever created, deleted ones included, ordered by id.</param>
/// <param name="Balances">The ledger balance of every account that ever held cycles.</param>
/// <param name="Minted">Cycles that entered the network (mints and provisional creations).</param>
/// <param name="FeesBurned">Ledger and creation fees.</param>
/// <param name="Discarded">Cycles of deleted canisters.</param>
public sealed record SimulatedIcSnapshot(
    IReadOnlyList<CanisterSnapshot> Canisters,
    IReadOnlyDictionary<Account, Cycles> Balances,
    Cycles Minted,
    Cycles FeesBurned,
    Cycles Discarded)
{
    /// <summary>Whether no cycle was created or lost outside mints, fees and deletions.</summary>
    public bool CyclesConserved =>
        Minted == Balances.Values.Aggregate(Cycles.Zero, (a, b) => a + b)
            + Canisters.Aggregate(Cycles.Zero, (a, c) => a + c.Cycles) + FeesBurned + Discarded;
}
