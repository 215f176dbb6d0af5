using System.Net;

namespace Canic.Fsm.Worker.Tests.Telemetry;

/// <summary>
/// A minimal OTLP/HTTP collector on a loopback port: it answers every export with 200 and an empty (valid) protobuf
/// response, and keeps each request's path, content type and body for the test to read.
/// </summary>
internal sealed class OtlpReceiver : IOtlpCollector
{
    private readonly HttpListener _listener = new();
    private readonly List<OtlpRequest> _received = [];
    private readonly Task _loop;

    public OtlpReceiver(int port)
    {
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public IReadOnlyList<OtlpRequest> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            lock (_received) _received.Add(new OtlpRequest(context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        try { await _loop.WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception e) when (e is TimeoutException or HttpListenerException) { }
    }
}
