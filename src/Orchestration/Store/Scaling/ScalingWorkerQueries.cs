using Canic.Fsm.Orchestration.Domain;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>Reads of scaling_workers.</summary>
public class ScalingWorkerQueries
{
    internal const string Table = "scaling_workers";
    // A worker is planned in the unit of work that records its attempt, so the attempt's created_at is the worker's.
    private protected const string Select = """
        SELECT w.attempt_id, w.pool, w.seq, w.pid, w.status, w.is_current, a.created_at
        FROM scaling_workers w LEFT JOIN provisioning_attempts a ON a.id = w.attempt_id
        """;

    private protected readonly SqlSession Session;

    internal ScalingWorkerQueries(SqlSession session) => Session = session;

    /// <summary>The workers of <paramref name="pool"/> in creation order, retired ones included.</summary>
    public IReadOnlyList<ScalingWorker> ListByPool(string pool) =>
        Session.Command(Select + " WHERE w.pool = @pool ORDER BY w.seq").With("@pool", pool).List(Table, Map);

    /// <summary>The worker count the scaling policy sees: current workers, those still being created included.</summary>
    public long CountCurrent(string pool) =>
        Session.Command("SELECT count(*) FROM scaling_workers WHERE pool = @pool AND is_current = 1").With("@pool", pool).Count();

    internal static ScalingWorker Map(RowReader r) => new(
        r.Text(1), r.Int64(2), r.OptionalPrincipal(3), r.Text(0), r.Enum<ScalingWorkerStatus>(4), r.Boolean(5), r.OptionalTime(6));
}
