using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Canic.Fsm.Worker.Dashboard;

/// <summary>
/// Serves the operator's dashboard: one HTML page and its script and style, embedded in the worker's assembly
/// (no CDN, no file system, works offline). The files hold no data: every figure the page shows comes from the
/// JSON API, with the API token when one is configured, so the shell is served before the token check (a browser
/// cannot put a bearer token on a navigation); the page asks for the token on the API's first 401.
/// </summary>
internal static class DashboardAssets
{
    private const string Prefix = "/dashboard/";

    // A strict policy: nothing but this origin, no inline script or style, no framing.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    /// <summary>Answers <c>GET /</c> (the page) and <c>GET /dashboard/{file}</c>; every other request goes on.</summary>
    public static IApplicationBuilder UseDashboard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && Find(request.Path) is { } asset)
        {
            await WriteAsync(context.Response, asset, HttpMethods.IsHead(request.Method));
            return;
        }
        await next(context);
    });

    private static Asset? Find(PathString path)
    {
        var value = path.Value ?? "";
        var name = value is "/" or "/index.html" ? "index.html"
            : value.StartsWith(Prefix, StringComparison.Ordinal) ? value[Prefix.Length..]
            : null;
        return name is not null && Assets.TryGetValue(name, out var asset) ? asset : null;
    }

    private static async Task WriteAsync(HttpResponse response, Asset asset, bool headOnly)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Bytes.Length;
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        if (!headOnly) await response.Body.WriteAsync(asset.Bytes);
    }

    // The resources are embedded as "Dashboard/wwwroot/<file>" (LogicalName in the project file).
    private static FrozenDictionary<string, Asset> Load()
    {
        const string root = "Dashboard/wwwroot/";
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(root, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            var name = resource[root.Length..];
            assets[name] = new Asset(bytes.ToArray(), ContentTypeOf(name));
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Bytes, string ContentType);
}
