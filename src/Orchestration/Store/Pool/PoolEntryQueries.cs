using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>A position in the pool ordered by age: the last entry of a page.</summary>
/// <param name="CreatedAt">created_at of that entry.</param>
/// <param name="Pid">Its pid (ties on created_at are ordered by the pid text, ordinal).</param>
public readonly record struct PoolCursor(DateTimeOffset CreatedAt, Principal Pid);

/// <summary>One page of pool entries, oldest first.</summary>
/// <param name="Items">The entries.</param>
/// <param name="Next">Pass it to get the next page; null after the last page.</param>
public sealed record PoolPage(IReadOnlyList<PoolEntry> Items, PoolCursor? Next);

/// <summary>Reads of the pool_entries table.</summary>
public class PoolEntryQueries
{
    internal const string Table = "pool_entries";
    internal const string Select = "SELECT pid, created_at, cycles, status, reason, operation_id, role, parent, module_hash, updated_at FROM pool_entries";

    private protected readonly SqlSession Session;

    internal PoolEntryQueries(SqlSession session) => Session = session;

    /// <summary>The entry of <paramref name="pid"/>, or null.</summary>
    public PoolEntry? Get(Principal pid) =>
        Session.Command(Select + " WHERE pid = @pid").With("@pid", Columns.Principal(pid)).Single(Table, Map);

    /// <summary>Entries oldest first (created_at, then pid), optionally of one status, <paramref name="limit"/> at a time.</summary>
    public PoolPage Page(PoolEntryStatus? status = null, PoolCursor? after = null, int limit = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var sql = Select + " WHERE (@status IS NULL OR status = @status) AND (created_at, pid) > (@at, @pid) ORDER BY created_at, pid LIMIT @limit";
        var items = Session.Command(sql)
            .With("@status", Columns.Name(status))
            .With("@at", after is { } a ? Columns.Time(a.CreatedAt) : long.MinValue)
            .With("@pid", after is { } b ? Columns.Principal(b.Pid) : "")
            .With("@limit", limit)
            .List(Table, Map);
        return new PoolPage(items, items.Count == limit ? new PoolCursor(items[^1].CreatedAt, items[^1].Pid) : null);
    }

    /// <summary>Every entry in one of <paramref name="statuses"/>, oldest first (recovery loads its rows with this).</summary>
    public IReadOnlyList<PoolEntry> ListByStatus(params PoolEntryStatus[] statuses)
    {
        var list = new List<PoolEntry>();
        foreach (var status in statuses.Distinct())
            list.AddRange(Session.Command(Select + " WHERE status = @status ORDER BY created_at, pid")
                .With("@status", Columns.Name(status)).List(Table, Map));
        if (statuses.Length > 1) list.Sort((x, y) => x.CreatedAt != y.CreatedAt ? x.CreatedAt.CompareTo(y.CreatedAt) : x.Pid.CompareTo(y.Pid));
        return list;
    }

    /// <summary>The oldest <paramref name="limit"/> PendingReset entries: the reset worker's next batch.</summary>
    public IReadOnlyList<PoolEntry> OldestPendingReset(int limit) =>
        Session.Command(Select + " WHERE status = 'PendingReset' ORDER BY created_at, pid LIMIT @limit")
            .With("@limit", limit).List(Table, Map);

    /// <summary>The number of entries per status (every status present, zero included).</summary>
    public IReadOnlyDictionary<PoolEntryStatus, long> CountByStatus()
    {
        var counts = Enum.GetValues<PoolEntryStatus>().ToDictionary(s => s, _ => 0L);
        foreach (var (status, count) in Session.Command("SELECT status, count(*) FROM pool_entries GROUP BY status")
                     .List(Table, r => (r.Enum<PoolEntryStatus>(0), r.Int64(1))))
            counts[status] = count;
        return counts;
    }

    /// <summary>The entry claimed by <paramref name="operationId"/> (Claimed or Workload), or null.</summary>
    public PoolEntry? GetByOperation(string operationId) =>
        Session.Command(Select + " WHERE operation_id = @op").With("@op", operationId).Single(Table, Map);

    internal static PoolEntry Map(RowReader r) => new(
        r.Principal(0), r.Time(1), r.Cycles(2), r.Enum<PoolEntryStatus>(3), r.OptionalText(4), r.OptionalText(5),
        r.OptionalText(6), r.OptionalPrincipal(7), r.OptionalText(8), r.Time(9));
}
