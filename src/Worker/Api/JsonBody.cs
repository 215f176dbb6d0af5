using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Canic.Fsm.Worker.Api;

/// <summary>
/// Reads a request body strictly: JSON only (415 otherwise), at most <see cref="ApiLimits.MaxBodyBytes"/> (413), an
/// object whose properties are exactly the request's, case-sensitive, each of its own JSON kind (see
/// <see cref="JsonShape"/>). Errors name the property as the API spells it, never a .NET type.
/// </summary>
internal static class JsonBody
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The body as <typeparamref name="T"/>; an absent or empty body is a 400 that shows what to send.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request) where T : class =>
        await ReadOptionalAsync<T>(request).ConfigureAwait(false)
        ?? throw new ApiInputException(null, $"a JSON body is required: {JsonShape.Describe(typeof(T))}");

    /// <summary>The body as <typeparamref name="T"/>, or null when the request has none (or an empty one).</summary>
    public static async Task<T?> ReadOptionalAsync<T>(HttpRequest request) where T : class
    {
        if (!MayHaveBody(request)) return null;
        if (!IsJson(request.ContentType))
            throw new ApiInputException("Content-Type",
                $"the body must be JSON, sent with 'Content-Type: application/json' (got {(string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"'{ApiLimits.Echo(request.ContentType)}'")})",
                StatusCodes.Status415UnsupportedMediaType);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);  // bounded by the server: 413
        if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new ApiInputException(null, $"the body is not valid JSON: {e.Message}");
        }
        using (document)
        {
            JsonShape.Check(document.RootElement, typeof(T));
            return document.RootElement.Deserialize<T>(Strict);
        }
    }

    /// <summary>A request announces a body by a non-zero Content-Length or by chunked transfer.</summary>
    private static bool MayHaveBody(HttpRequest request) =>
        request.ContentLength is > 0
        || request.ContentLength is null && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true;

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim() is var media
        && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}

/// <summary>The body of a request that takes no properties (an empty object, or no body at all).</summary>
internal sealed record NoBody;
