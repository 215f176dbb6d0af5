using Canic.Fsm.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Canic.Fsm.Worker.Api;

/// <summary>The machines' declared state charts (Mermaid and DOT).</summary>
internal static class ChartEndpoints
{
    public static void MapCharts(this IEndpointRouteBuilder api)
    {
        api.MapGet("/charts", (OrchestratorAccessor o) => o.Require().GetCharts());
        api.MapGet("/charts/{machine}", (OrchestratorAccessor o, string machine) =>
        {
            var charts = o.Require().GetCharts();
            return charts.FirstOrDefault(c => string.Equals(c.Machine, machine, StringComparison.OrdinalIgnoreCase)) is { } chart
                ? Results.Ok(chart)
                : Results.NotFound(new ApiError(
                    $"no machine is named '{ApiLimits.Echo(machine)}' (known: {string.Join(", ", charts.Select(c => c.Machine))})", "machine"));
        });
    }
}
