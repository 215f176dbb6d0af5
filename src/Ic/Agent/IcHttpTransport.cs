using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Ic.Agent;

/// <summary>An HTTP answer: the status and the (bounded) body.</summary>
internal sealed record HttpAnswer(HttpStatusCode Status, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>The request never got an answer (connection error, time-out, or 429/5xx until the retries ran out).</summary>
internal sealed class TransportFailure(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// POSTs CBOR bodies. 429 and 5xx are retried with the same bytes (a resend of a signed request is idempotent:
/// the IC deduplicates by request id) with doubling delays; each attempt has its own time-out.
/// </summary>
internal sealed class IcHttpTransport(HttpClient http, IcAgentOptions options, TimeProvider time, ILogger logger)
{
    private static readonly MediaTypeHeaderValue Cbor = new("application/cbor");

    public async Task<HttpAnswer> PostAsync(string path, byte[] body, CancellationToken cancellationToken)
    {
        var delay = options.HttpRetryDelay;
        for (var attempt = 0; ; attempt++)
        {
            var answer = await SendOnceAsync(HttpMethod.Post, path, body, cancellationToken).ConfigureAwait(false);
            if (answer.Status != HttpStatusCode.TooManyRequests && (int)answer.Status < 500) return answer;
            if (attempt >= options.MaxHttpRetries)
                throw new TransportFailure($"POST {path} answered {(int)answer.Status} {attempt + 1} times: {Shorten(answer.Text)}");
            logger.LogWarning("POST {Path} answered {Status}; retrying the same signed request in {Delay} ms (attempt {Attempt} of {Max})",
                path, (int)answer.Status, (int)delay.TotalMilliseconds, attempt + 1, options.MaxHttpRetries);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay += delay;
        }
    }

    public Task<HttpAnswer> GetAsync(string path, CancellationToken cancellationToken) => SendOnceAsync(HttpMethod.Get, path, null, cancellationToken);

    private async Task<HttpAnswer> SendOnceAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(method, new Uri(options.BaseAddress, path));
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = Cbor;
            }
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength > options.MaxResponseBytes)
                throw new IcProtocolException($"{method} {path} announced {response.Content.Headers.ContentLength} bytes, more than {options.MaxResponseBytes}.");
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength is { } length)
            {
                // Announced (and bounded above): read into one array of that size rather than through a copy buffer.
                var announced = new byte[length];
                await stream.ReadExactlyAsync(announced, timeout.Token).ConfigureAwait(false);
                return new HttpAnswer(response.StatusCode, announced);
            }
            using var buffer = new MemoryStream();
            var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > options.MaxResponseBytes)
                        throw new IcProtocolException($"{method} {path} sent more than {options.MaxResponseBytes} bytes.");
                    buffer.Write(chunk, 0, read);
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
            }
            return new HttpAnswer(response.StatusCode, buffer.ToArray());
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransportFailure($"{method} {path} got no answer within {options.RequestTimeout.TotalSeconds:F1} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new TransportFailure($"{method} {path} failed: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new TransportFailure($"{method} {path} failed while reading: {e.Message}", e);
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
