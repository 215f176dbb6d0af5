using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Domain;

/// <summary>
/// A cycles budget, after the nim-codex Availability: reservations take from <see cref="Free"/>, settling moves the
/// amount really used to <see cref="Spent"/>. Invariant: Free + reserved (open reservations) + Spent = Total.
/// </summary>
/// <param name="Id">The budget name.</param>
/// <param name="Total">All cycles ever put into the budget.</param>
/// <param name="Free">Cycles neither reserved nor spent.</param>
/// <param name="Spent">Cycles recorded as spent by settled reservations.</param>
public sealed record CyclesBudget(string Id, Cycles Total, Cycles Free, Cycles Spent);

/// <summary>The states of a reservation.</summary>
public enum ReservationStatus
{
    /// <summary>Holds its amount out of the budget's free cycles.</summary>
    Open,
    /// <summary>Closed: <see cref="Reservation.Spent"/> went to the budget's spent, the rest back to free.</summary>
    Settled,
    /// <summary>Closed: all of the amount went back to free.</summary>
    Released,
}

/// <summary>Cycles set aside from a budget for one provisioning attempt before any paid effect.</summary>
/// <param name="Id">Assigned by the store.</param>
/// <param name="BudgetId">The budget.</param>
/// <param name="AttemptId">The attempt it backs.</param>
/// <param name="Amount">The cycles reserved.</param>
/// <param name="Status">Open, Settled or Released.</param>
/// <param name="Spent">What was really spent, once settled.</param>
/// <param name="CreatedAt">When it was made.</param>
public sealed record Reservation(long Id, string BudgetId, string AttemptId, Cycles Amount, ReservationStatus Status, Cycles? Spent, DateTimeOffset CreatedAt);

/// <summary>The accounting figures of a budget, read in one snapshot, to check its invariant.</summary>
/// <param name="Total">The budget's total.</param>
/// <param name="Free">The budget's free cycles.</param>
/// <param name="Reserved">The sum of its open reservations.</param>
/// <param name="Spent">The budget's spent cycles.</param>
public sealed record BudgetBalance(Cycles Total, Cycles Free, Cycles Reserved, Cycles Spent)
{
    /// <summary>Free + Reserved + Spent = Total and Free &lt;= Total (all figures are non-negative by type).</summary>
    public bool IsConsistent => Free + Reserved + Spent == Total && Free <= Total;
}
