namespace Canic.Fsm.Orchestration.Api;

/// <summary>
/// A pool admin command, after Canic's <c>PoolAdminCommand</c>. Principals travel as text so that the
/// orchestrator validates them and names the bad one in its error.
/// </summary>
public abstract record PoolAdminCommand
{
    private PoolAdminCommand() { }

    /// <summary>Creates one canister for the pool; it becomes Ready after its reset.</summary>
    public sealed record CreateEmpty : PoolAdminCommand;

    /// <summary>A registered canister leaves the registry, is reset and returns to the pool keeping its role and module hash.</summary>
    /// <param name="Pid">The canister's textual principal.</param>
    public sealed record Recycle(string Pid) : PoolAdminCommand;

    /// <summary>Imports one canister: PendingReset, removed from the registry, reset now (Ready or Failed).</summary>
    /// <param name="Pid">The canister's textual principal.</param>
    public sealed record ImportImmediate(string Pid) : PoolAdminCommand;

    /// <summary>Queues canisters for import: new ones are added, Failed ones requeued, others skipped.</summary>
    /// <param name="Pids">The canisters' textual principals.</param>
    public sealed record ImportQueued(IReadOnlyList<string> Pids) : PoolAdminCommand;

    /// <summary>Moves Failed entries (of the list, or all when it is null) back to PendingReset.</summary>
    /// <param name="Pids">The canisters' textual principals, or null for every entry of the pool.</param>
    public sealed record RequeueFailed(IReadOnlyList<string>? Pids) : PoolAdminCommand;
}
