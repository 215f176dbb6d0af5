using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Canic.Fsm.Worker.Api;

/// <summary><c>/metrics</c>: the orchestrator's counters in the Prometheus text format.</summary>
internal static class MetricsEndpoint
{
    public static void MapMetrics(this IEndpointRouteBuilder app)
    {
        _ = app; // TODO(policy): PrometheusExporter
    }
}
