using Canic.Fsm.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Canic.Fsm.Worker.Api;

/// <summary>Scaling pools: their workers in creation order, and the create-worker command.</summary>
internal static class ScalingEndpoints
{
    public static void MapScaling(this IEndpointRouteBuilder api)
    {
        var scaling = api.MapGroup("/scaling");
        scaling.MapGet("", (OrchestratorAccessor o) => o.Require().ListScalingPools());
        scaling.MapGet("/{pool}", (OrchestratorAccessor o, string pool) =>
            o.Require().GetScalingPool(pool) is { } view ? Results.Ok(view) : UnknownPool(o, pool));
        scaling.MapPost("/{pool}/workers", async (OrchestratorAccessor o, string pool, HttpRequest request, CancellationToken ct) =>
        {
            await JsonBody.ReadOptionalAsync<NoBody>(request);
            if (o.Require().GetScalingPool(pool) is null) return UnknownPool(o, pool);
            var result = await o.Require().CreateWorkerAsync(pool, ct);
            // The policy's refusal (within bounds, at max) is an answer, not an error: 409 tells a script it was refused.
            return result.Spawned ? Results.Ok(result) : Results.Conflict(result);
        });
    }

    /// <summary>An unknown pool is a 404 whatever the method: the route names something that does not exist.</summary>
    private static IResult UnknownPool(OrchestratorAccessor o, string pool) => Results.NotFound(new ApiError(
        $"no scaling pool is named '{ApiLimits.Echo(pool)}' (configured: {string.Join(", ", o.Require().ListScalingPools().Select(p => p.Pool))})", "pool"));
}
