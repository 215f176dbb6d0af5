using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Canic.Fsm.Worker.Cli;

/// <summary>What a running worker answered: the HTTP status and the JSON body (null when empty or not JSON).</summary>
internal sealed record WorkerResponse(int Status, JsonNode? Body, string RawBody)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>No worker answered at the address: connection refused, unknown host or timeout.</summary>
internal sealed class WorkerUnreachableException(string message, Exception inner) : Exception(message, inner);

/// <summary>Talks to a running worker's admin/query API over HTTP.</summary>
internal sealed class WorkerClient(Uri baseAddress, string? token) : IDisposable
{
    private readonly HttpClient _http = CreateHttp(baseAddress, token);

    public Task<WorkerResponse> GetAsync(string path, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct);

    public Task<WorkerResponse> PostAsync(string path, object? body, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) }, ct);

    private async Task<WorkerResponse> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var _ = request;
        try
        {
            using var response = await _http.SendAsync(request, ct);
            var raw = await response.Content.ReadAsStringAsync(ct);
            return new WorkerResponse((int)response.StatusCode, ParseJson(raw), raw);
        }
        catch (HttpRequestException e)
        {
            throw new WorkerUnreachableException($"no worker answered at {baseAddress}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new WorkerUnreachableException($"the worker at {baseAddress} did not answer within {_http.Timeout.TotalSeconds:0} s", e);
        }
    }

    private static JsonNode? ParseJson(string raw)
    {
        try
        {
            return raw.Length == 0 ? null : JsonNode.Parse(raw);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static HttpClient CreateHttp(Uri baseAddress, string? token)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (!string.IsNullOrEmpty(token))
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public void Dispose() => _http.Dispose();
}
