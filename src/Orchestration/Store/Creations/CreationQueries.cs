using Canic.Fsm.Orchestration.Domain;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>Reads of creation_records.</summary>
public class CreationQueries
{
    internal const string Table = "creation_records";
    private protected const string Select = "SELECT id, purpose, attempt_id, method, created_at_time, amount, state, canister_id, error, created_at FROM creation_records";

    private protected readonly SqlSession Session;

    internal CreationQueries(SqlSession session) => Session = session;

    /// <summary>The record, or null.</summary>
    public CreationRecord? Get(string id) => Session.Command(Select + " WHERE id = @id").With("@id", id).Single(Table, Map);

    /// <summary>Every record still in Intent, oldest first: unknown outcomes to reconcile; they count against maximum_size.</summary>
    public IReadOnlyList<CreationRecord> ListIntents() =>
        Session.Command(Select + " WHERE state = 'Intent' ORDER BY created_at, id").List(Table, Map);

    /// <summary>A page of records, newest first, optionally of one state, with the matching total.</summary>
    public RecordPage<CreationRecord> Page(CreationState? state, int offset, int limit)
    {
        var items = Session.Command(Select + " WHERE (@state IS NULL OR state = @state) ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset")
            .With("@state", StateName(state)).With("@limit", limit).With("@offset", offset).List(Table, Map);
        return new RecordPage<CreationRecord>(items, Count(state));
    }

    /// <summary>How many records are in <paramref name="state"/> (all records when null).</summary>
    public long Count(CreationState? state) =>
        Session.Command("SELECT count(*) FROM creation_records WHERE (@state IS NULL OR state = @state)").With("@state", StateName(state)).Count();

    /// <summary>The largest numeric record id (0 when none): new ids continue above it.</summary>
    public long MaxNumericId() => Session.Command("SELECT coalesce(max(CAST(id AS INTEGER)), 0) FROM creation_records").Count();

    /// <summary>The largest created_at_time of any record (0 when none): new intents continue above it.</summary>
    public ulong MaxCreatedAtTime() => (ulong)Session.Command("SELECT coalesce(max(created_at_time), 0) FROM creation_records").Count();

    private static string? StateName(CreationState? state) => state is { } s ? EnumText<CreationState>.Name(s) : null;

    internal static CreationRecord Map(RowReader r) => new(
        r.Text(0), r.Enum<CreationPurpose>(1), r.OptionalText(2), r.Enum<CreationMethod>(3), r.Nanoseconds(4), r.Cycles(5),
        r.Enum<CreationState>(6), r.OptionalPrincipal(7), r.OptionalText(8), r.Time(9));
}
