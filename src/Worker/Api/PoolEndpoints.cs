using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Canic.Fsm.Worker.Api;

/// <summary>The pool: summary, entries, creation records and the pool admin commands.</summary>
internal static class PoolEndpoints
{
    public static void MapPool(this IEndpointRouteBuilder api)
    {
        var pool = api.MapGroup("/pool");
        pool.MapGet("", (OrchestratorAccessor o) => o.Require().GetPoolSummary());
        pool.MapGet("/entries", (OrchestratorAccessor o, string? state, string? offset, string? limit) =>
        {
            var page = Paging.Parse(offset, limit);
            return o.Require().ListPoolEntries(state, page.Offset, page.Limit);
        });
        pool.MapGet("/entries/{pid}", (OrchestratorAccessor o, string pid) =>
            o.Require().GetPoolEntry(pid) is { } entry
                ? Results.Ok(entry)
                : Results.NotFound(new ApiError($"canister '{pid}' is not in the pool", "pid")));
        pool.MapGet("/creations", (OrchestratorAccessor o, string? state, string? offset, string? limit) =>
        {
            var page = Paging.Parse(offset, limit);
            return o.Require().ListCreations(state, page.Offset, page.Limit);
        });
        pool.MapPost("/create-empty", (OrchestratorAccessor o, CancellationToken ct) =>
            RunAsync(o, new PoolAdminCommand.CreateEmpty(), ct));
        pool.MapPost("/recycle", (OrchestratorAccessor o, RecycleRequest body, CancellationToken ct) =>
            RunAsync(o, new PoolAdminCommand.Recycle(Required(body.Pid, "pid")), ct));
        pool.MapPost("/import", (OrchestratorAccessor o, ImportRequest body, CancellationToken ct) =>
            RunAsync(o, ImportCommand(body), ct));
        pool.MapPost("/requeue-failed", (OrchestratorAccessor o, RequeueFailedRequest? body, CancellationToken ct) =>
            RunAsync(o, new PoolAdminCommand.RequeueFailed(body?.Pids), ct));
    }

    private static PoolAdminCommand ImportCommand(ImportRequest body)
    {
        if (body.Pids is not { Count: > 0 } pids)
            throw new ApiInputException("pids", "pids must list at least one canister principal");
        if (!body.Immediate) return new PoolAdminCommand.ImportQueued(pids);
        return pids.Count == 1
            ? new PoolAdminCommand.ImportImmediate(pids[0])
            : throw new ApiInputException("pids", $"an immediate import takes exactly one canister, not {pids.Count}");
    }

    private static async Task<object> RunAsync(OrchestratorAccessor o, PoolAdminCommand command, CancellationToken ct) =>
        PoolAdminAnswer.From(await o.Require().PoolAdminAsync(command, ct));

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new ApiInputException(field, $"{field} is required") : value;
}
