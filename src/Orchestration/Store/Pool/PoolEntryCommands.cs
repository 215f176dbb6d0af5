using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>
/// Writes of the pool_entries table, inside a <see cref="StoreTransaction"/>. State changes are compare-and-set:
/// a <c>Try</c> method returns false when the row is absent or not in the expected status, and then writes nothing.
/// </summary>
public sealed class PoolEntryCommands : PoolEntryQueries
{
    internal PoolEntryCommands(SqlSession session) : base(session) { }

    /// <summary>Adds an entry; false (nothing written) when the pid is already in the pool.</summary>
    /// <exception cref="ArgumentException">Reason or operation id do not match the status.</exception>
    public bool TryInsert(PoolEntry entry)
    {
        CheckStatusFields(entry.Status, entry.Reason, entry.OperationId);
        return Bind(Session.Command("""
            INSERT INTO pool_entries (pid, created_at, cycles, status, reason, operation_id, role, parent, module_hash, updated_at)
            VALUES (@pid, @created_at, @cycles, @status, @reason, @op, @role, @parent, @module_hash, @now)
            ON CONFLICT (pid) DO NOTHING
            """), entry).ExecuteNonQuery() == 1;
    }

    /// <summary>
    /// Canic's <c>register_or_update_preserving_metadata</c>: inserts the entry, or updates cycles, status, reason
    /// and operation id of the existing one while a null role, parent or module hash keeps the stored value (created_at
    /// is kept too). With <paramref name="expected"/>, an existing row is updated only from that status.
    /// </summary>
    /// <returns>False when the row exists in another status than <paramref name="expected"/> (nothing written).</returns>
    public bool UpsertPreservingMetadata(PoolEntry entry, PoolEntryStatus? expected = null)
    {
        CheckStatusFields(entry.Status, entry.Reason, entry.OperationId);
        return Bind(Session.Command("""
            INSERT INTO pool_entries (pid, created_at, cycles, status, reason, operation_id, role, parent, module_hash, updated_at)
            VALUES (@pid, @created_at, @cycles, @status, @reason, @op, @role, @parent, @module_hash, @now)
            ON CONFLICT (pid) DO UPDATE SET
                cycles = excluded.cycles, status = excluded.status, reason = excluded.reason,
                operation_id = excluded.operation_id, role = coalesce(excluded.role, role),
                parent = coalesce(excluded.parent, parent), module_hash = coalesce(excluded.module_hash, module_hash),
                updated_at = excluded.updated_at
            WHERE @expected IS NULL OR status = @expected
            """), entry).With("@expected", Columns.Name(expected)).ExecuteNonQuery() == 1;
    }

    /// <summary>
    /// Compare-and-set of the status: applies only when the row is in <paramref name="expected"/>. Reason is stored
    /// for Failed, the operation id for Claimed and Workload (and cleared otherwise); <paramref name="cycles"/>, when
    /// given, records a new observation.
    /// </summary>
    /// <exception cref="ArgumentException">Reason or operation id do not match <paramref name="next"/>.</exception>
    public bool TryChangeStatus(Principal pid, PoolEntryStatus expected, PoolEntryStatus next,
        string? reason = null, string? operationId = null, Cycles? cycles = null)
    {
        CheckStatusFields(next, reason, operationId);
        return Session.Command("""
            UPDATE pool_entries SET status = @next, reason = @reason, operation_id = @op,
                cycles = coalesce(@cycles, cycles), updated_at = @now
            WHERE pid = @pid AND status = @expected
            """)
            .With("@pid", Columns.Principal(pid)).With("@expected", Columns.Name(expected)).With("@next", Columns.Name(next))
            .With("@reason", reason).With("@op", operationId).With("@cycles", Columns.Cycles(cycles, "cycles"))
            .With("@now", Session.NowMs).ExecuteNonQuery() == 1;
    }

    /// <summary>
    /// Start-up recovery, in one statement: every Claimed entry whose operation is absent or finished (Committed or
    /// Failed) goes back to PendingReset (its canister is reset again; role and module hash are kept).
    /// </summary>
    /// <returns>How many entries were returned.</returns>
    public int ReturnOrphanClaims() => Session.Command("""
        UPDATE pool_entries SET status = 'PendingReset', reason = NULL, operation_id = NULL, updated_at = @now
        WHERE status = 'Claimed' AND NOT EXISTS (
            SELECT 1 FROM provisioning_attempts a WHERE a.id = pool_entries.operation_id AND a.state NOT IN ('Committed', 'Failed'))
        """).With("@now", Session.NowMs).ExecuteNonQuery();

    /// <summary>
    /// Start-up recovery, in one statement: every recycle interrupted by the stop (Recycling) goes back to PendingReset,
    /// role and module hash kept.
    /// </summary>
    /// <returns>How many entries were returned.</returns>
    public int ReturnInterruptedRecycles() => Session.Command("""
        UPDATE pool_entries SET status = 'PendingReset', reason = NULL, operation_id = NULL, updated_at = @now
        WHERE status = 'Recycling'
        """).With("@now", Session.NowMs).ExecuteNonQuery();

    /// <summary>
    /// Claims the oldest Ready entry (created_at, then pid) holding at least <paramref name="required"/> cycles for
    /// <paramref name="operationId"/>. Replayable: when the operation already owns an entry, that entry is returned
    /// again, whatever its status. Null when nothing suitable is Ready.
    /// </summary>
    public PoolEntry? Claim(string operationId, Cycles required)
    {
        ArgumentException.ThrowIfNullOrEmpty(operationId);
        return GetByOperation(operationId) ?? Session.Command(
                "UPDATE pool_entries SET status = 'Claimed', operation_id = @op, updated_at = @now WHERE pid = (" +
                "SELECT pid FROM pool_entries WHERE status = 'Ready' AND cycles >= @required ORDER BY created_at, pid LIMIT 1) " +
                "RETURNING pid, created_at, cycles, status, reason, operation_id, role, parent, module_hash, updated_at")
            .With("@op", operationId).With("@required", Columns.Cycles(required, "required"))
            .With("@now", Session.NowMs).Single(Table, Map);
    }

    /// <summary>Removes an entry in <paramref name="expected"/> status (its canister no longer exists); false otherwise.</summary>
    public bool TryDelete(Principal pid, PoolEntryStatus expected) =>
        Session.Command("DELETE FROM pool_entries WHERE pid = @pid AND status = @expected")
            .With("@pid", Columns.Principal(pid)).With("@expected", Columns.Name(expected)).ExecuteNonQuery() == 1;

    private Microsoft.Data.Sqlite.SqliteCommand Bind(Microsoft.Data.Sqlite.SqliteCommand command, PoolEntry e) => command
        .With("@pid", Columns.Principal(e.Pid)).With("@created_at", Columns.Time(e.CreatedAt))
        .With("@cycles", Columns.Cycles(e.Cycles, "cycles")).With("@status", Columns.Name(e.Status))
        .With("@reason", e.Reason).With("@op", e.OperationId).With("@role", e.Role)
        .With("@parent", Columns.Principal(e.Parent)).With("@module_hash", e.ModuleHash).With("@now", Session.NowMs);

    private static void CheckStatusFields(PoolEntryStatus status, string? reason, string? operationId)
    {
        if ((status == PoolEntryStatus.Failed) != (reason is not null))
            throw new ArgumentException($"A pool entry has a reason exactly when it is Failed; got status {status} with reason '{reason}'.", nameof(reason));
        var owned = status is PoolEntryStatus.Claimed or PoolEntryStatus.Workload;
        if (owned != !string.IsNullOrEmpty(operationId))
            throw new ArgumentException($"A pool entry has an operation id exactly when it is Claimed or Workload; got status {status} with operation id '{operationId}'.", nameof(operationId));
    }
}
