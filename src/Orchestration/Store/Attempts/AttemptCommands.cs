using Canic.Fsm.Orchestration.Domain;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>
/// Writes of provisioning attempts. Each state change is a compare-and-set on the state and writes its history row
/// in the same transaction.
/// </summary>
public sealed class AttemptCommands : AttemptQueries
{
    internal AttemptCommands(SqlSession session) : base(session) { }

    /// <summary>Records a new attempt with history seq 1 (from nothing to its state); false when the id exists.</summary>
    public bool TryInsert(ProvisioningAttempt attempt, string? reason = null)
    {
        var inserted = Bind(Session.Command("""
            INSERT INTO provisioning_attempts (id, role, parent, state, pid, allocation_source, module_hash, reservation_id,
                creation_id, failure_reason, created_at, updated_at, version)
            VALUES (@id, @role, @parent, @state, @pid, @source, @module_hash, @reservation_id, @creation_id, @failure_reason,
                @created_at, @now, 1)
            ON CONFLICT (id) DO NOTHING
            """), attempt).ExecuteNonQuery() == 1;
        if (inserted) AppendHistory(attempt.Id, 1, null, attempt.State, reason);
        return inserted;
    }

    /// <summary>
    /// Compare-and-set: writes every field of <paramref name="updated"/> (role and created_at excepted) when the stored
    /// attempt is in <paramref name="expected"/>, and appends the history row (expected -> updated.State, reason).
    /// </summary>
    /// <returns>False (nothing written) when the attempt is absent or not in <paramref name="expected"/>.</returns>
    public bool TryTransition(ProvisioningAttempt updated, AttemptState expected, string? reason = null)
    {
        var version = Bind(Session.Command("""
            UPDATE provisioning_attempts SET state = @state, parent = @parent, pid = @pid, allocation_source = @source,
                module_hash = @module_hash, reservation_id = @reservation_id, creation_id = @creation_id,
                failure_reason = @failure_reason, updated_at = @now, version = version + 1
            WHERE id = @id AND state = @expected
            RETURNING version
            """), updated).With("@expected", Columns.Name(expected)).ExecuteScalar();
        if (version is not long seq) return false;
        AppendHistory(updated.Id, seq, expected, updated.State, reason);
        return true;
    }

    private void AppendHistory(string id, long seq, AttemptState? from, AttemptState to, string? reason) =>
        Session.Command("INSERT INTO attempt_transitions (attempt_id, seq, from_state, to_state, reason, at) VALUES (@id, @seq, @from, @to, @reason, @now)")
            .With("@id", id).With("@seq", seq).With("@from", Columns.Name(from)).With("@to", Columns.Name(to))
            .With("@reason", reason).With("@now", Session.NowMs).ExecuteNonQuery();

    private SqliteCommand Bind(SqliteCommand command, ProvisioningAttempt a) => command
        .WithIfUsed("@id", a.Id).WithIfUsed("@role", a.Role).WithIfUsed("@parent", Columns.Principal(a.Parent)).WithIfUsed("@state", Columns.Name(a.State))
        .WithIfUsed("@pid", Columns.Principal(a.Pid)).WithIfUsed("@source", Columns.Name(a.AllocationSource))
        .WithIfUsed("@module_hash", a.ModuleHash).WithIfUsed("@reservation_id", a.ReservationId).WithIfUsed("@creation_id", a.CreationId)
        .WithIfUsed("@failure_reason", a.FailureReason).WithIfUsed("@created_at", Columns.Time(a.CreatedAt)).WithIfUsed("@now", Session.NowMs);
}
