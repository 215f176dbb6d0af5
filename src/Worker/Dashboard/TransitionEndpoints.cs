using Canic.Fsm.Worker.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Canic.Fsm.Worker.Dashboard;

/// <summary><c>GET /api/transitions?after=&amp;machine=&amp;id=&amp;limit=</c>: the recent transitions the dashboard polls.</summary>
internal static class TransitionEndpoints
{
    private const int MaxLimit = 1000;

    public static void MapTransitions(this IEndpointRouteBuilder api) =>
        api.MapGet("/transitions", (TransitionFeed feed, string? after, string? machine, string? id, string? limit) =>
        {
            var since = after is null ? 0 : Paging.Id("after", after);
            var count = Paging.Number("limit", limit, 200);
            if (count is < 1 or > MaxLimit) throw new ApiInputException("limit", $"limit {count} is out of range (1 to {MaxLimit})");
            return new { last = feed.Last, items = feed.After(since, Blank(machine), Blank(id), count) };
        });

    /// <summary>Registers the feed; it starts listening when the orchestrator opens.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services) => services.AddSingleton<TransitionFeed>();

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
