using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

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
            try
            {
                return o.Require().ListPoolEntries(state, page.Offset, page.Limit);
            }
            catch (OrchestratorInputException e) when (e.Field == "status")
            {
                // The orchestrator speaks of a pool entry's status; the API's query parameter is `state`, as on every listing.
                throw new ApiInputException("state", e.Message.Replace("Unknown status", "Unknown state", StringComparison.Ordinal));
            }
        });
        pool.MapGet("/entries/{pid}", (OrchestratorAccessor o, string pid) =>
            o.Require().GetPoolEntry(pid) is { } entry
                ? Results.Ok(entry)
                : Results.NotFound(new ApiError($"canister '{ApiLimits.Echo(pid)}' is not in the pool", "pid")));
        pool.MapGet("/creations", (OrchestratorAccessor o, string? state, string? offset, string? limit) =>
        {
            var page = Paging.Parse(offset, limit);
            return o.Require().ListCreations(state, page.Offset, page.Limit);
        });
        pool.MapPost("/create-empty", CreateEmptyAsync);
        pool.MapPost("/recycle", async (OrchestratorAccessor o, HttpRequest request, CancellationToken ct) =>
            await RunAsync(o, new PoolAdminCommand.Recycle(Required((await JsonBody.ReadAsync<RecycleRequest>(request)).Pid, "pid")), ct));
        pool.MapPost("/import", async (OrchestratorAccessor o, HttpRequest request, CancellationToken ct) =>
            await RunAsync(o, ImportCommand(await JsonBody.ReadAsync<ImportRequest>(request)), ct));
        pool.MapPost("/requeue-failed", async (OrchestratorAccessor o, HttpRequest request, CancellationToken ct) =>
            await RunAsync(o, new PoolAdminCommand.RequeueFailed((await JsonBody.ReadOptionalAsync<RequeueFailedRequest>(request))?.Pids), ct));
    }

    /// <summary>
    /// A creation that cannot complete now is an answer, not a failure: 202 with the creation record while it is carried
    /// on (a transient refusal, a lost reply), 409 with it when it ended Blocked or Failed.
    /// </summary>
    private static async Task<IResult> CreateEmptyAsync(OrchestratorAccessor o, HttpRequest request, ILoggerFactory loggers, CancellationToken ct)
    {
        await JsonBody.ReadOptionalAsync<NoBody>(request);
        try
        {
            return Results.Ok(await RunAsync(o, new PoolAdminCommand.CreateEmpty(), ct));
        }
        catch (CreationNotCompletedException e)
        {
            loggers.CreateLogger(ApiExceptionHandler.LogCategory).LogWarning("POST /api/pool/create-empty: {Message}", e.Message);
            return e.Pending
                ? Results.Json(new { outcome = "pending", creation = e.Creation, message = e.Message }, statusCode: StatusCodes.Status202Accepted)
                : Results.Json(new { error = e.Message, field = (string?)null, creation = e.Creation }, statusCode: StatusCodes.Status409Conflict);
        }
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
