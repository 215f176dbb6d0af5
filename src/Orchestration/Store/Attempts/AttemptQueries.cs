using Canic.Fsm.Orchestration.Domain;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>Reads of provisioning_attempts and their attempt_transitions history.</summary>
public class AttemptQueries
{
    internal const string Table = "provisioning_attempts";
    private protected const string Select = "SELECT id, role, parent, state, pid, allocation_source, module_hash, reservation_id, creation_id, failure_reason, created_at, updated_at FROM provisioning_attempts";

    private protected readonly SqlSession Session;

    internal AttemptQueries(SqlSession session) => Session = session;

    /// <summary>The attempt, or null.</summary>
    public ProvisioningAttempt? Get(string id) => Session.Command(Select + " WHERE id = @id").With("@id", id).Single(Table, Map);

    /// <summary>Its history, oldest first (seq 1 is the request).</summary>
    public IReadOnlyList<AttemptTransition> History(string id) => Session.Command(
            "SELECT attempt_id, seq, from_state, to_state, reason, at FROM attempt_transitions WHERE attempt_id = @id ORDER BY seq")
        .With("@id", id)
        .List("attempt_transitions", r => new AttemptTransition(
            r.Text(0), r.Int64(1), r.OptionalEnum<AttemptState>(2), r.Enum<AttemptState>(3), r.OptionalText(4), r.Time(5)));

    /// <summary>The largest numeric attempt id (0 when none): new ids continue above it.</summary>
    public long MaxNumericId() => Session.Command("SELECT coalesce(max(CAST(id AS INTEGER)), 0) FROM provisioning_attempts").Count();

    /// <summary>Every attempt not Committed nor Failed, oldest first: what recovery resumes.</summary>
    public IReadOnlyList<ProvisioningAttempt> ListActive() =>
        Session.Command(Select + " WHERE state NOT IN ('Committed', 'Failed') ORDER BY created_at, id").List(Table, Map);

    /// <summary>The oldest attempt of <paramref name="role"/> not Committed nor Failed (Blocked included), or null.</summary>
    public ProvisioningAttempt? FirstActiveOfRole(string role) =>
        Session.Command(Select + " WHERE role = @role AND state NOT IN ('Committed', 'Failed') ORDER BY created_at, id LIMIT 1")
            .With("@role", role).Single(Table, Map);

    /// <summary>A page of attempts, newest first, optionally of one state, with the matching total.</summary>
    public RecordPage<ProvisioningAttempt> Page(AttemptState? state, int offset, int limit)
    {
        var name = state is { } s ? EnumText<AttemptState>.Name(s) : null;
        var items = Session.Command(Select + " WHERE (@state IS NULL OR state = @state) ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset")
            .With("@state", name).With("@limit", limit).With("@offset", offset).List(Table, Map);
        var total = Session.Command("SELECT count(*) FROM provisioning_attempts WHERE (@state IS NULL OR state = @state)").With("@state", name).Count();
        return new RecordPage<ProvisioningAttempt>(items, total);
    }

    internal static ProvisioningAttempt Map(RowReader r) => new(
        r.Text(0), r.Text(1), r.OptionalPrincipal(2), r.Enum<AttemptState>(3), r.OptionalPrincipal(4),
        r.OptionalEnum<AllocationSource>(5), r.OptionalText(6), r.OptionalInt64(7), r.OptionalText(8), r.OptionalText(9),
        r.Time(10), r.Time(11));
}
