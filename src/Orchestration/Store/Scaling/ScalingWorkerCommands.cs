using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>Writes of scaling workers.</summary>
public sealed class ScalingWorkerCommands : ScalingWorkerQueries
{
    internal ScalingWorkerCommands(SqlSession session) : base(session) { }

    /// <summary>
    /// Records a worker being created by <paramref name="attemptId"/> as the next of <paramref name="pool"/> (Creating,
    /// current). Replayable: an attempt that already has a worker gets that worker back.
    /// </summary>
    public ScalingWorker AddCreating(string pool, string attemptId)
    {
        if (ByAttempt(attemptId) is { } existing) return existing;
        Session.Command("""
            INSERT INTO scaling_workers (pool, seq, pid, attempt_id, status, is_current)
            VALUES (@pool, (SELECT coalesce(max(seq), 0) + 1 FROM scaling_workers WHERE pool = @pool), NULL, @attempt_id, 'Creating', 1)
            """).With("@pool", pool).With("@attempt_id", attemptId).ExecuteNonQuery();
        return ByAttempt(attemptId)!;
    }

    private ScalingWorker? ByAttempt(string attemptId) =>
        Session.Command(Select + " WHERE w.attempt_id = @attempt_id").With("@attempt_id", attemptId).Single(Table, Map);

    /// <summary>Compare-and-set Creating -> Registered with the worker's canister.</summary>
    public bool TryRegister(string attemptId, Principal pid) =>
        Session.Command("UPDATE scaling_workers SET status = 'Registered', pid = @pid WHERE attempt_id = @attempt_id AND status = 'Creating'")
            .With("@attempt_id", attemptId).With("@pid", Columns.Principal(pid)).ExecuteNonQuery() == 1;

    /// <summary>Marks the worker as no longer current (kept as history); false when it is absent or already retired.</summary>
    public bool TryRetire(string attemptId) =>
        Session.Command("UPDATE scaling_workers SET is_current = 0 WHERE attempt_id = @attempt_id AND is_current = 1")
            .With("@attempt_id", attemptId).ExecuteNonQuery() == 1;
}
