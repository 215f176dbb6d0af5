using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Canic.Fsm.Worker.Telemetry;

/// <summary>
/// OpenTelemetry for the worker: the orchestrator's meter is always exported to <c>/metrics</c> (Prometheus text, by
/// OpenTelemetry's Prometheus exporter), and, when <c>Otel:Endpoint</c> is set, its meter and its traces (a span per
/// provisioning attempt and pool reset, a child span per IC call) are sent over OTLP.
/// </summary>
internal static class TelemetrySetup
{
    public static IServiceCollection AddCanicTelemetry(this IServiceCollection services, OtelOptions options)
    {
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                // No scrape cache: a scrape right after a command shows its counts.
                metrics.AddMeter(OrchestratorMetrics.MeterName).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (OtlpEndpoint(options) is { } endpoint) metrics.AddOtlpExporter(o => Configure(o, endpoint, "v1/metrics", options));
            });
        if (OtlpEndpoint(options) is { } traceEndpoint)
            otel.WithTracing(tracing => tracing
                .AddSource(OrchestrationTelemetry.ActivitySourceName)
                .AddOtlpExporter(o => Configure(o, traceEndpoint, "v1/traces", options)));
        return services;
    }

    /// <summary>
    /// Builds the providers now, before the orchestrator's hosted service opens it: the counts and spans of the start-up
    /// recovery are not missed (the providers would otherwise start with their own hosted service, after it).
    /// </summary>
    public static void StartCanicTelemetry(this IServiceProvider services)
    {
        _ = services.GetRequiredService<MeterProvider>();
        _ = services.GetService<TracerProvider>();
    }

    private static Uri? OtlpEndpoint(OtelOptions options) =>
        string.IsNullOrEmpty(options.Endpoint) ? null : new Uri(options.Endpoint, UriKind.Absolute);

    private static void Configure(OtlpExporterOptions exporter, Uri endpoint, string signalPath, OtelOptions options)
    {
        exporter.Protocol = options.Protocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        // With gRPC the address is the collector's; with http/protobuf each signal has its own path under it
        // (http://collector:4318/v1/traces), which the exporter does not add to an address set in code.
        exporter.Endpoint = exporter.Protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(new Uri(endpoint.ToString().TrimEnd('/') + "/"), signalPath)
            : endpoint;
    }
}
