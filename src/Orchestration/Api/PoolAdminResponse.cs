namespace Canic.Fsm.Orchestration.Api;

/// <summary>The answer to a <see cref="PoolAdminCommand"/>, with the seed's counts.</summary>
public abstract record PoolAdminResponse
{
    private PoolAdminResponse() { }

    /// <summary>A canister was created for the pool.</summary>
    /// <param name="Pid">Its textual principal.</param>
    public sealed record Created(string Pid) : PoolAdminResponse;

    /// <summary>The canister went back to the pool.</summary>
    public sealed record Recycled : PoolAdminResponse;

    /// <summary>The canister was imported and reset (its entry is Ready or Failed).</summary>
    public sealed record Imported : PoolAdminResponse;

    /// <summary>Counts of a queued import.</summary>
    /// <param name="Added">New entries, now PendingReset.</param>
    /// <param name="Requeued">Failed entries moved back to PendingReset.</param>
    /// <param name="Skipped">Registered canisters and entries in any other state.</param>
    /// <param name="Total">Principals given.</param>
    public sealed record QueuedImported(long Added, long Requeued, long Skipped, long Total) : PoolAdminResponse;

    /// <summary>Counts of a requeue of Failed entries.</summary>
    /// <param name="Requeued">Failed entries moved back to PendingReset.</param>
    /// <param name="Skipped">Entries (or unknown principals) that were not Failed.</param>
    /// <param name="Total">Principals given, or entries scanned.</param>
    public sealed record FailedRequeued(long Requeued, long Skipped, long Total) : PoolAdminResponse;
}
