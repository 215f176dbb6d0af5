using System.Formats.Cbor;
using Microsoft.AspNetCore.Http;

namespace Canic.Fsm.Ic.Replica.Http;

/// <summary>Writes replies as the IC does: CBOR with the self-describing tag 55799, or a plain-text refusal.</summary>
internal static class CborResponse
{
    public static async Task WriteAsync(HttpContext context, int status, Action<CborWriter> write)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: true);
        writer.WriteTag((CborTag)55799);
        write(writer);
        var body = writer.Encode();
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/cbor";
        // With its length announced the body goes out in one piece, not chunked, and a client reads it into one array.
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary><c>{certificate}</c>, the read_state answer.</summary>
    public static Task CertificateAsync(HttpContext context, byte[] certificate) => WriteAsync(context, 200, w =>
    {
        w.WriteStartMap(1);
        w.WriteTextString("certificate");
        w.WriteByteString(certificate);
        w.WriteEndMap();
    });

    public static async Task TextAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Reads the body up to <paramref name="limit"/> bytes; null (and 413 written) when it is larger.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpContext context, int limit)
    {
        if (context.Request.ContentLength > limit)
        {
            await TextAsync(context, 413, $"Request body of {context.Request.ContentLength} bytes exceeds the limit of {limit}").ConfigureAwait(false);
            return null;
        }
        if (context.Request.ContentLength is { } length)
        {
            // The usual case (every client here sends a length): one array of the right size, no copying.
            var body = new byte[length];
            await context.Request.Body.ReadExactlyAsync(body, context.RequestAborted).ConfigureAwait(false);
            return body;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                await TextAsync(context, 413, $"Request body exceeds the limit of {limit} bytes").ConfigureAwait(false);
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
