using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Worker.Tests.Telemetry;

/// <summary>
/// A minimal OTLP/gRPC collector on a loopback port (Kestrel, HTTP/2 without TLS, as a local collector on 4317 is):
/// it answers every unary Export call with an empty message and <c>grpc-status: 0</c>, and keeps each request's path,
/// content type and message (the gRPC length prefix removed) for the test to read.
/// </summary>
internal sealed class OtlpGrpcReceiver : IOtlpCollector
{
    private readonly WebApplication _app;
    private readonly List<OtlpRequest> _received = [];

    private OtlpGrpcReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public IReadOnlyList<OtlpRequest> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    public static async Task<OtlpGrpcReceiver> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        var receiver = new OtlpGrpcReceiver(app, $"http://127.0.0.1:{port}");
        app.Run(receiver.AnswerAsync);
        await app.StartAsync();
        return receiver;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var frame = body.ToArray();
        // A gRPC message: 1 byte (compressed?), 4 bytes big-endian length, then the protobuf.
        var message = frame.Length >= 5 ? frame[5..] : [];
        lock (_received) _received.Add(new OtlpRequest(context.Request.Path, context.Request.ContentType, message));
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/grpc";
        await context.Response.Body.WriteAsync(new byte[5]);   // an empty Export*ServiceResponse
        context.Response.AppendTrailer("grpc-status", "0");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
