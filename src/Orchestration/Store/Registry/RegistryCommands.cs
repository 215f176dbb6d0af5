using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>Writes of the registry: register, compare-and-set of the status, unregister.</summary>
public sealed class RegistryCommands : RegistryQueries
{
    internal RegistryCommands(SqlSession session) : base(session) { }

    /// <summary>Registers a canister; false when it is registered already.</summary>
    public bool TryInsert(RegistryEntry entry) => Session.Command("""
        INSERT INTO registry (pid, role, parent, module_hash, status, attempt_id, created_at)
        VALUES (@pid, @role, @parent, @module_hash, @status, @attempt_id, @created_at)
        ON CONFLICT (pid) DO NOTHING
        """)
        .With("@pid", Columns.Principal(entry.Pid)).With("@role", entry.Role).With("@parent", Columns.Principal(entry.Parent))
        .With("@module_hash", entry.ModuleHash).With("@status", Columns.Name(entry.Status)).With("@attempt_id", entry.AttemptId)
        .With("@created_at", Columns.Time(entry.CreatedAt)).ExecuteNonQuery() == 1;

    /// <summary>Compare-and-set of the status (Installing -> Active).</summary>
    public bool TryChangeStatus(Principal pid, RegistryStatus expected, RegistryStatus next) =>
        Session.Command("UPDATE registry SET status = @next WHERE pid = @pid AND status = @expected")
            .With("@pid", Columns.Principal(pid)).With("@expected", Columns.Name(expected)).With("@next", Columns.Name(next))
            .ExecuteNonQuery() == 1;

    /// <summary>Unregisters a canister in <paramref name="expected"/> status (failed install, recycle); false otherwise.</summary>
    public bool TryRemove(Principal pid, RegistryStatus expected) =>
        Session.Command("DELETE FROM registry WHERE pid = @pid AND status = @expected")
            .With("@pid", Columns.Principal(pid)).With("@expected", Columns.Name(expected)).ExecuteNonQuery() == 1;
}
