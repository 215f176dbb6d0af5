using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>Reads of the registry of installed canisters.</summary>
public class RegistryQueries
{
    internal const string Table = "registry";
    private protected const string Select = "SELECT pid, role, parent, module_hash, status, attempt_id, created_at FROM registry";

    private protected readonly SqlSession Session;

    internal RegistryQueries(SqlSession session) => Session = session;

    /// <summary>The registered canister, or null.</summary>
    public RegistryEntry? Get(Principal pid) =>
        Session.Command(Select + " WHERE pid = @pid").With("@pid", Columns.Principal(pid)).Single(Table, Map);

    /// <summary>The first canister registered for <paramref name="role"/> (Installing or Active), or null.</summary>
    public RegistryEntry? FirstOfRole(string role) =>
        Session.Command(Select + " WHERE role = @role ORDER BY created_at, pid LIMIT 1").With("@role", role).Single(Table, Map);

    /// <summary>Every canister registered for <paramref name="role"/> (singleton roles allow one).</summary>
    public IReadOnlyList<RegistryEntry> ListByRole(string role) =>
        Session.Command(Select + " WHERE role = @role ORDER BY created_at, pid").With("@role", role).List(Table, Map);

    internal static RegistryEntry Map(RowReader r) => new(
        r.Principal(0), r.Text(1), r.OptionalPrincipal(2), r.Text(3), r.Enum<RegistryStatus>(4), r.Text(5), r.Time(6));
}
