using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Canic.Fsm.Worker.Api;

/// <summary><c>/metrics</c>: the orchestrator's counters in the Prometheus text format, by OpenTelemetry's Prometheus exporter.</summary>
internal static class MetricsEndpoint
{
    public static void MapMetrics(this IEndpointRouteBuilder app) => app.MapPrometheusScrapingEndpoint("/metrics");
}
