using Canic.Fsm.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Canic.Fsm.Worker.Api;

/// <summary>
/// <c>/health</c>: the process answers (liveness). <c>/ready</c>: the orchestrator is open and recovered
/// (503 while it opens), which is what a client or a test waits for.
/// </summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => new { status = "ok" });
        app.MapGet("/ready", (OrchestratorAccessor o) => o.Current is { } orchestrator
            ? Results.Ok(new { status = "ready", resumedRecords = orchestrator.ResumedRecords })
            : Results.Json(new ApiError(o.WhenOpen.IsFaulted ? "the orchestrator failed to open" : "the orchestrator is opening"),
                statusCode: StatusCodes.Status503ServiceUnavailable));
    }
}
