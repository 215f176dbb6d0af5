using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>Reservation operations as standalone transactions; inside a unit of work use <see cref="StoreTransaction.Reservations"/>.</summary>
public static class StoreReservationExtensions
{
    /// <summary>Creates a budget in its own transaction; false when the name exists.</summary>
    public static bool TryCreateBudget(this OrchestrationStore store, string budgetId, Cycles total) =>
        store.Write(tx => tx.Reservations.TryCreateBudget(budgetId, total));

    /// <summary>Reserves in its own transaction (see <see cref="ReservationCommands.Reserve"/>).</summary>
    public static Reservation Reserve(this OrchestrationStore store, string budgetId, string attemptId, Cycles amount) =>
        store.Write(tx => tx.Reservations.Reserve(budgetId, attemptId, amount));

    /// <summary>Settles in its own transaction (see <see cref="ReservationCommands.Settle"/>).</summary>
    public static bool Settle(this OrchestrationStore store, long reservationId, Cycles spent) =>
        store.Write(tx => tx.Reservations.Settle(reservationId, spent));

    /// <summary>Releases in its own transaction (see <see cref="ReservationCommands.Release"/>).</summary>
    public static bool Release(this OrchestrationStore store, long reservationId) =>
        store.Write(tx => tx.Reservations.Release(reservationId));

    /// <summary>The start-up sweep in its own transaction; returns how many reservations it released.</summary>
    public static int SweepOrphanReservations(this OrchestrationStore store) =>
        store.Write(tx => tx.Reservations.SweepOrphans());

    /// <summary>The figures of a budget, from a read snapshot.</summary>
    public static BudgetBalance CheckBudget(this OrchestrationStore store, string budgetId) =>
        store.Read(r => r.Reservations.Check(budgetId));
}
