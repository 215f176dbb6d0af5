using Canic.Fsm.Orchestration.Configuration;

namespace Canic.Fsm.Worker.Telemetry;

/// <summary>Configuration section <c>Otel</c>: where to send traces and metrics over OTLP (nothing is sent when unset).</summary>
public sealed class OtelOptions
{
    /// <summary>The OTLP collector's address (key <c>Otel:Endpoint</c>, e.g. <c>http://127.0.0.1:4317</c>); none: no OTLP export.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The OTLP transport (key <c>Otel:Protocol</c>): <c>grpc</c> (default, port 4317) or <c>http/protobuf</c> (port 4318).</summary>
    public string Protocol { get; set; } = "grpc";

    /// <summary>The service name the traces and metrics are reported under (key <c>Otel:ServiceName</c>).</summary>
    public string ServiceName { get; set; } = "canic-fsm";

    /// <summary>Every bad value, by key.</summary>
    public IEnumerable<ConfigurationProblem> Validate()
    {
        if (!string.IsNullOrEmpty(Endpoint)
            && (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
            yield return new("Otel:Endpoint", $"Otel:Endpoint: '{Endpoint}' is not an absolute http:// or https:// address");
        if (Protocol is not ("grpc" or "http/protobuf"))
            yield return new("Otel:Protocol", $"Otel:Protocol: '{Protocol}' must be grpc or http/protobuf");
        if (string.IsNullOrWhiteSpace(ServiceName))
            yield return new("Otel:ServiceName", "Otel:ServiceName: must not be empty");
    }
}
