namespace Canic.Fsm.Worker.Tests.Telemetry;

/// <summary>One export received by a test collector: its path, content type and protobuf message.</summary>
internal sealed record OtlpRequest(string Path, string? ContentType, byte[] Body);

/// <summary>A test OTLP collector on loopback (gRPC or HTTP), recording what the worker exports to it.</summary>
internal interface IOtlpCollector : IAsyncDisposable
{
    /// <summary>The address to give as <c>Otel:Endpoint</c>.</summary>
    string Url { get; }

    /// <summary>Every export received so far.</summary>
    IReadOnlyList<OtlpRequest> Received { get; }
}
