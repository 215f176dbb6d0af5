namespace Canic.Fsm.Orchestration.Api;

/// <summary>A role's cycles budget; <c>Free + Reserved + Spent = Total</c> always holds.</summary>
/// <param name="Id">The budget's id (the role name).</param>
/// <param name="Total">Cycles given to the budget.</param>
/// <param name="Free">Cycles not reserved nor spent.</param>
/// <param name="Reserved">Cycles held by open reservations.</param>
/// <param name="Spent">Cycles settled as spent.</param>
public sealed record BudgetView(string Id, string Total, string Free, string Reserved, string Spent);

/// <summary>A reservation of cycles for one provisioning attempt.</summary>
/// <param name="Id">The reservation's id.</param>
/// <param name="Budget">The budget it draws on.</param>
/// <param name="Attempt">The attempt it serves.</param>
/// <param name="Amount">The cycles reserved.</param>
/// <param name="State">Open, Settled or Released.</param>
/// <param name="CreatedAt">When it was made.</param>
public sealed record ReservationView(long Id, string Budget, long Attempt, string Amount, string State, DateTimeOffset CreatedAt);
