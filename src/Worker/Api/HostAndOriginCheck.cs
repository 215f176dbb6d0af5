using System.Net;
using Microsoft.AspNetCore.Http;

namespace Canic.Fsm.Worker.Api;

/// <summary>
/// Keeps web pages off the API (DNS rebinding, cross-site requests). A page whose domain an attacker rebinds to
/// 127.0.0.1 reaches the worker with its own name in <c>Host</c>: only the names the worker answers to are served
/// (the loopback names, the host of <c>Admin:Url</c>, <c>Admin:AllowedHosts</c>; an IP address needs no DNS and cannot
/// be rebound). A state-changing request that a browser sends from another origin carries that <c>Origin</c>: only the
/// API's own origin may change anything. Requests without <c>Origin</c> (curl, the CLI, scripts) are not browsers'.
/// Both refusals are a 403 naming the header.
/// </summary>
internal sealed class HostAndOriginCheck(RequestDelegate next, AllowedHostNames hosts)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!hosts.Allows(request.Host.Host))
        {
            await RefuseAsync(context, "Host", $"this worker does not answer to the host name '{ApiLimits.Echo(request.Host.Value)}' " +
                $"(it answers to {hosts.Describe()} and IP addresses; add names with Admin:AllowedHosts)");
            return;
        }
        if (IsStateChanging(request.Method) && request.Headers.Origin.Count > 0)
        {
            var origin = request.Headers.Origin.ToString();
            var own = $"{request.Scheme}://{request.Host.Value}";
            if (!string.Equals(origin, own, StringComparison.OrdinalIgnoreCase))
            {
                await RefuseAsync(context, "Origin", $"a {request.Method} from the origin '{ApiLimits.Echo(origin)}' is refused: only the API's own origin ({own}) may change state");
                return;
            }
        }
        await next(context);
    }

    private static bool IsStateChanging(string method) => !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    private static async Task RefuseAsync(HttpContext context, string header, string message)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await context.Response.WriteAsJsonAsync(new ApiError(message, header));
    }
}

/// <summary>The host names the API answers to: loopback names, the host of its own address, and the configured ones (<c>*</c>: any).</summary>
internal sealed class AllowedHostNames
{
    private static readonly string[] LoopbackNames = ["localhost"];
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly bool _any;

    public AllowedHostNames(Uri apiUrl, IEnumerable<string> configured)
    {
        foreach (var name in LoopbackNames.Concat(configured)) _names.Add(name.Trim());
        _any = _names.Contains("*");
        _names.Remove("*");
        if (!IsWildcard(apiUrl.Host) && !IPAddress.TryParse(apiUrl.Host.Trim('[', ']'), out _)) _names.Add(apiUrl.Host);
    }

    public bool Allows(string host)
    {
        if (_any) return true;
        if (string.IsNullOrEmpty(host)) return false;
        return IPAddress.TryParse(host.Trim('[', ']'), out _) || _names.Contains(host.TrimEnd('.'));
    }

    public string Describe() => _any ? "any name" : string.Join(", ", _names.Order(StringComparer.OrdinalIgnoreCase));

    // Kestrel's "listen on every address" spellings.
    private static bool IsWildcard(string host) => host is "*" or "+" or "0.0.0.0" or "[::]" or "::";
}
