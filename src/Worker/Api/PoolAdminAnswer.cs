using Canic.Fsm.Orchestration.Api;

namespace Canic.Fsm.Worker.Api;

/// <summary>
/// A pool admin response as JSON: its kind in snake_case (<c>created</c>, <c>queued_imported</c>, ...)
/// plus its fields, so that a client can tell the answers apart.
/// </summary>
internal static class PoolAdminAnswer
{
    public static object From(PoolAdminResponse response) => response switch
    {
        PoolAdminResponse.Created c => new { outcome = "created", pid = c.Pid },
        PoolAdminResponse.Recycled => new { outcome = "recycled" },
        PoolAdminResponse.Imported => new { outcome = "imported" },
        PoolAdminResponse.QueuedImported q => new { outcome = "queued_imported", added = q.Added, requeued = q.Requeued, skipped = q.Skipped, total = q.Total },
        PoolAdminResponse.FailedRequeued f => new { outcome = "failed_requeued", requeued = f.Requeued, skipped = f.Skipped, total = f.Total },
        _ => throw new InvalidOperationException($"unknown pool admin response {response.GetType().Name}"),
    };
}
