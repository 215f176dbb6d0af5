using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Domain;

namespace Canic.Fsm.Orchestration;

/// <summary>Domain records to the facade's JSON-friendly views.</summary>
internal static class ViewMapping
{
    public static PoolEntryView ToView(this PoolEntry e, string? machine) => new(
        e.Pid.ToString(), e.Status.ToString(), e.Reason, RecordId.ToNumber(e.OperationId), e.Cycles.ToString(), e.Role, e.Parent?.ToString(),
        e.ModuleHash, e.CreatedAt, e.UpdatedAt, machine);

    public static AttemptView ToView(this ProvisioningAttempt a, IReadOnlyList<AttemptTransition>? history, Reservation? reservation) => new(
        RecordId.ToNumber(a.Id) ?? 0, a.Role, a.State.ToString(), a.FailureReason, a.Parent?.ToString(), a.Pid?.ToString(), a.AllocationSource?.ToString().ToLowerInvariant(),
        a.ModuleHash, reservation?.Amount.ToString() ?? "0", a.CreatedAt, a.UpdatedAt,
        history?.Select(t => new AttemptTransitionView(t.From?.ToString() ?? "", t.To.ToString(), t.Reason, t.At)).ToList() ?? []);

    public static CreationView ToView(this CreationRecord c) => new(
        RecordId.ToNumber(c.Id) ?? 0, c.State.ToString(), c.Method == CreationMethod.Ledger ? "ledger" : "provisional", c.Amount.ToString(), c.CreatedAtTime,
        c.CanisterId?.ToString(), RecordId.ToNumber(c.AttemptId), c.Error, c.CreatedAt);

    public static ReservationView ToView(this Reservation r) => new(
        r.Id, r.BudgetId, RecordId.ToNumber(r.AttemptId) ?? 0, r.Amount.ToString(), r.Status.ToString(), r.CreatedAt);

    public static BudgetView ToView(this CyclesBudget b, BudgetBalance balance) => new(
        b.Id, b.Total.ToString(), b.Free.ToString(), balance.Reserved.ToString(), b.Spent.ToString());
}
