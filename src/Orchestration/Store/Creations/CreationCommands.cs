using Canic.Fsm.Orchestration.Domain;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>Writes of creation records: the intent before the paid call, then compare-and-set on the state.</summary>
public sealed class CreationCommands : CreationQueries
{
    internal CreationCommands(SqlSession session) : base(session) { }

    /// <summary>Writes the intent (its created_at_time is fixed from now on); false when the id exists.</summary>
    public bool TryInsert(CreationRecord record) => Bind(Session.Command("""
        INSERT INTO creation_records (id, purpose, attempt_id, method, created_at_time, amount, state, canister_id, error, created_at, updated_at)
        VALUES (@id, @purpose, @attempt_id, @method, @created_at_time, @amount, @state, @canister_id, @error, @created_at, @now)
        ON CONFLICT (id) DO NOTHING
        """), record).ExecuteNonQuery() == 1;

    /// <summary>
    /// Compare-and-set: stores state, canister id and error of <paramref name="updated"/> when the stored record is in
    /// <paramref name="expected"/>. Purpose, method, created_at_time and amount never change once the intent is written.
    /// </summary>
    public bool TryTransition(CreationRecord updated, CreationState expected) => Session.Command("""
        UPDATE creation_records SET state = @state, canister_id = @canister_id, error = @error, updated_at = @now
        WHERE id = @id AND state = @expected
        """)
        .With("@id", updated.Id).With("@state", Columns.Name(updated.State)).With("@expected", Columns.Name(expected))
        .With("@canister_id", Columns.Principal(updated.CanisterId)).With("@error", updated.Error).With("@now", Session.NowMs)
        .ExecuteNonQuery() == 1;

    private SqliteCommand Bind(SqliteCommand command, CreationRecord c) => command
        .With("@id", c.Id).With("@purpose", Columns.Name(c.Purpose)).With("@attempt_id", c.AttemptId).With("@method", Columns.Name(c.Method))
        .With("@created_at_time", Columns.Nanoseconds(c.CreatedAtTime, "created_at_time")).With("@amount", Columns.Cycles(c.Amount, "amount"))
        .With("@state", Columns.Name(c.State)).With("@canister_id", Columns.Principal(c.CanisterId)).With("@error", c.Error)
        .With("@created_at", Columns.Time(c.CreatedAt)).With("@now", Session.NowMs);
}
