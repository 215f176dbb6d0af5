using Canic.Fsm.Worker.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Canic.Fsm.Worker.Api;

/// <summary><c>/metrics</c>: the orchestrator's counters in the Prometheus text format.</summary>
internal static class MetricsEndpoint
{
    public static void MapMetrics(this IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Render(), PrometheusExporter.ContentType));

    /// <summary>The exporter listens from start-up on, so that no count before the first scrape is missed.</summary>
    public static IServiceCollection AddPrometheusExporter(this IServiceCollection services) =>
        services.AddSingleton<PrometheusExporter>();
}
