using Canic.Fsm.Orchestration.Domain;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>Reads of cycles_budgets and reservations.</summary>
public class ReservationQueries
{
    internal const string Table = "reservations";
    internal const string BudgetTable = "cycles_budgets";
    private protected const string Select = "SELECT id, budget_id, attempt_id, amount, status, spent, created_at FROM reservations";
    private protected const string SelectBudget = "SELECT id, total, free, spent FROM cycles_budgets WHERE id = @id";

    private protected readonly SqlSession Session;

    internal ReservationQueries(SqlSession session) => Session = session;

    /// <summary>The budget, or null.</summary>
    public CyclesBudget? GetBudget(string budgetId) =>
        Session.Command(SelectBudget).With("@id", budgetId).Single(BudgetTable, MapBudget);

    /// <summary>The reservation, or null.</summary>
    public Reservation? Get(long reservationId) =>
        Session.Command(Select + " WHERE id = @id").With("@id", reservationId).Single(Table, Map);

    /// <summary>The open reservations of every budget, oldest first.</summary>
    public IReadOnlyList<Reservation> ListOpen() =>
        Session.Command(Select + " WHERE status = 'Open' ORDER BY id").List(Table, Map);

    /// <summary>A page of reservations, newest first, optionally only the open ones, with the matching total.</summary>
    public RecordPage<Reservation> Page(bool openOnly, int offset, int limit)
    {
        const string Filter = " WHERE (@open_only = 0 OR status = 'Open')";
        var items = Session.Command(Select + Filter + " ORDER BY id DESC LIMIT @limit OFFSET @offset")
            .With("@open_only", openOnly ? 1 : 0).With("@limit", limit).With("@offset", offset).List(Table, Map);
        var total = Session.Command("SELECT count(*) FROM reservations" + Filter).With("@open_only", openOnly ? 1 : 0).Count();
        return new RecordPage<Reservation>(items, total);
    }

    /// <summary>Total, free, reserved (sum of open reservations) and spent of a budget, in one snapshot.</summary>
    /// <exception cref="KeyNotFoundException">No such budget.</exception>
    public BudgetBalance Check(string budgetId)
    {
        var budget = GetBudget(budgetId) ?? throw new KeyNotFoundException($"No cycles budget named '{budgetId}'.");
        var reserved = Session.Command("SELECT coalesce(sum(amount), 0) FROM reservations WHERE budget_id = @id AND status = 'Open'")
            .With("@id", budgetId).Count();
        return new BudgetBalance(budget.Total, budget.Free, Ic.Cycles.FromInt64(reserved), budget.Spent);
    }

    internal static CyclesBudget MapBudget(RowReader r) => new(r.Text(0), r.Cycles(1), r.Cycles(2), r.Cycles(3));

    internal static Reservation Map(RowReader r) => new(
        r.Int64(0), r.Text(1), r.Text(2), r.Cycles(3), r.Enum<ReservationStatus>(4), r.OptionalCycles(5), r.Time(6));
}
