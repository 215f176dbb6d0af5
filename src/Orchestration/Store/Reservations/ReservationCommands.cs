using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>
/// Cycles budgets and reservations, after nim-codex availabilities. Each operation keeps
/// <c>free + reserved + spent = total</c> and <c>0 &lt;= free &lt;= total</c>; it runs inside the caller's
/// transaction, so an attempt's state change and its reservation commit (or roll back) together.
/// Settling or releasing a reservation that is missing or already closed is a no-op returning false, as deleting a
/// missing nim-codex reservation counts as deleted.
/// </summary>
public sealed class ReservationCommands : ReservationQueries
{
    internal ReservationCommands(SqlSession session) : base(session) { }

    /// <summary>Creates a budget with all of <paramref name="total"/> free; false when the name exists.</summary>
    public bool TryCreateBudget(string budgetId, Cycles total)
    {
        ArgumentException.ThrowIfNullOrEmpty(budgetId);
        var stored = Columns.Cycles(total, "total");
        return Session.Command("INSERT INTO cycles_budgets (id, total, free, spent) VALUES (@id, @total, @total, 0) ON CONFLICT (id) DO NOTHING")
            .With("@id", budgetId).With("@total", stored).ExecuteNonQuery() == 1;
    }

    /// <summary>Adds cycles to a budget's total and free.</summary>
    /// <exception cref="KeyNotFoundException">No such budget.</exception>
    public void AddFunds(string budgetId, Cycles amount)
    {
        var stored = Columns.Cycles(amount, "amount");
        var budget = GetBudget(budgetId) ?? throw new KeyNotFoundException($"No cycles budget named '{budgetId}'.");
        Columns.Cycles(budget.Total + amount, "total");
        Session.Command("UPDATE cycles_budgets SET total = total + @amount, free = free + @amount WHERE id = @id")
            .With("@id", budgetId).With("@amount", stored).ExecuteNonQuery();
    }

    /// <summary>
    /// Reserves <paramref name="amount"/> for <paramref name="attemptId"/>: deducts it from free only if free still
    /// covers it (checked by the same statement, under the store's single writer), then records the reservation.
    /// </summary>
    /// <exception cref="InsufficientBudgetException">Free is short; nothing written.</exception>
    /// <exception cref="KeyNotFoundException">No such budget; nothing written.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A zero amount, or one above 2^63 - 1.</exception>
    public Reservation Reserve(string budgetId, string attemptId, Cycles amount)
    {
        ArgumentException.ThrowIfNullOrEmpty(attemptId);
        var stored = Columns.Cycles(amount, "amount");
        if (stored == 0) throw new ArgumentOutOfRangeException(nameof(amount), "A reservation must be of at least one cycle.");
        var deducted = Session.Command("UPDATE cycles_budgets SET free = free - @amount WHERE id = @id AND free >= @amount")
            .With("@id", budgetId).With("@amount", stored).ExecuteNonQuery() == 1;
        if (!deducted)
        {
            var budget = GetBudget(budgetId) ?? throw new KeyNotFoundException($"No cycles budget named '{budgetId}'.");
            throw new InsufficientBudgetException(budgetId, budget.Free, amount);
        }
        var now = Session.NowMs;
        var id = (long)Session.Command("INSERT INTO reservations (budget_id, attempt_id, amount, status, spent, created_at) VALUES (@budget, @attempt, @amount, 'Open', NULL, @now) RETURNING id")
            .With("@budget", budgetId).With("@attempt", attemptId).With("@amount", stored).With("@now", now).ExecuteScalar()!;
        return new Reservation(id, budgetId, attemptId, amount, ReservationStatus.Open, null, DateTimeOffset.FromUnixTimeMilliseconds(now));
    }

    /// <summary>Closes an open reservation: <paramref name="spent"/> moves to the budget's spent, the rest back to free.</summary>
    /// <returns>False (a no-op) when the reservation is missing or already closed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="spent"/> exceeds the reserved amount; nothing written.</exception>
    public bool Settle(long reservationId, Cycles spent) => Close(reservationId, ReservationStatus.Settled, Columns.Cycles(spent, "spent"));

    /// <summary>Closes an open reservation and returns all of its amount to free.</summary>
    /// <returns>False (a no-op) when the reservation is missing or already closed.</returns>
    public bool Release(long reservationId) => Close(reservationId, ReservationStatus.Released, 0);

    /// <summary>
    /// The start-up sweep: releases every open reservation whose attempt is absent or terminal (Committed, Failed).
    /// </summary>
    /// <returns>How many reservations it released.</returns>
    public int SweepOrphans()
    {
        var orphans = Session.Command("""
            SELECT r.id FROM reservations r LEFT JOIN provisioning_attempts a ON a.id = r.attempt_id
            WHERE r.status = 'Open' AND (a.id IS NULL OR a.state IN ('Committed', 'Failed'))
            """).List(Table, row => row.Int64(0));
        foreach (var id in orphans) Release(id);
        return orphans.Count;
    }

    private bool Close(long reservationId, ReservationStatus status, long spent)
    {
        var open = Session.Command("SELECT budget_id, amount FROM reservations WHERE id = @id AND status = 'Open'")
            .With("@id", reservationId).Single(Table, r => new OpenAmount(r.Text(0), r.Int64(1)));
        if (open is null) return false;
        if (spent > open.Amount)
            throw new ArgumentOutOfRangeException(nameof(spent), spent,
                $"Reservation {reservationId} holds {Cycles.FromInt64(open.Amount)} ({open.Amount}) cycles; it cannot settle {Cycles.FromInt64(spent)} ({spent}).");
        Session.Command("UPDATE reservations SET status = @status, spent = @spent WHERE id = @id")
            .With("@id", reservationId).With("@status", Columns.Name(status))
            .With("@spent", status == ReservationStatus.Settled ? spent : null).ExecuteNonQuery();
        Session.Command("UPDATE cycles_budgets SET free = free + @back, spent = spent + @spent WHERE id = @id")
            .With("@id", open.BudgetId).With("@back", open.Amount - spent).With("@spent", spent).ExecuteNonQuery();
        return true;
    }

    private sealed record OpenAmount(string BudgetId, long Amount);
}
