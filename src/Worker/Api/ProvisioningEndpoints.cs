using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Canic.Fsm.Worker.Api;

/// <summary>Provisioning: start attempts, list and show them, and the cycles budgets and reservations they draw on.</summary>
internal static class ProvisioningEndpoints
{
    public static void MapProvisioning(this IEndpointRouteBuilder api)
    {
        api.MapPost("/provision", ProvisionAsync);
        api.MapGet("/attempts", (OrchestratorAccessor o, string? state, string? offset, string? limit) =>
        {
            var page = Paging.Parse(offset, limit);
            return o.Require().ListAttempts(state, page.Offset, page.Limit);
        });
        api.MapGet("/attempts/{id}", (OrchestratorAccessor o, string id) =>
            o.Require().GetAttempt(Paging.Id("id", id)) is { } attempt
                ? Results.Ok(attempt)
                : Results.NotFound(new ApiError($"no provisioning attempt has id {ApiLimits.Echo(id)}", "id")));
        api.MapGet("/budgets", (OrchestratorAccessor o) => o.Require().ListBudgets());
        api.MapGet("/reservations", (OrchestratorAccessor o, string? open, string? offset, string? limit) =>
        {
            var page = Paging.Parse(offset, limit);
            return o.Require().ListReservations(OpenOnly(open), page.Offset, page.Limit);
        });
    }

    /// <summary>
    /// Starts <c>count</c> attempts one after the other. If a later one is refused (its budget ran out),
    /// the ones already started keep running and the answer lists them with the refusal.
    /// </summary>
    private static async Task<IResult> ProvisionAsync(OrchestratorAccessor o, HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ProvisionRequest>(request);
        if (string.IsNullOrWhiteSpace(body.Role)) throw new ApiInputException("role", "role is required");
        if (body.Count is < 1 or > ProvisionRequest.MaxCount)
            throw new ApiInputException("count", $"count {body.Count} is out of range (1 to {ProvisionRequest.MaxCount})");
        var orchestrator = o.Require();
        var attempts = new List<long>();
        try
        {
            for (var i = 0; i < body.Count; i++)
                attempts.Add(await orchestrator.ProvisionAsync(body.Role, body.Parent, ct));
        }
        catch (OrchestratorInputException refused) when (attempts.Count > 0)
        {
            return Results.Ok(new { attempts, refused = new ApiError(refused.Message, refused.Field) });
        }
        return Results.Ok(new { attempts });
    }

    private static bool OpenOnly(string? open) => open switch
    {
        null or "false" => false,
        "true" or "" => true,
        _ => throw new ApiInputException("open", $"open '{ApiLimits.Echo(open)}' must be true or false"),
    };
}
