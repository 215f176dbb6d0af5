using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Canic.Fsm.Worker.Api;

/// <summary>
/// Requires <c>Authorization: Bearer &lt;Admin:ApiToken&gt;</c> on every request when a token is configured.
/// Both sides are hashed before the constant-time compare so that not even the token's length leaks.
/// </summary>
internal sealed class ApiTokenCheck(RequestDelegate next, string token)
{
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public async Task InvokeAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        if (CryptographicOperations.FixedTimeEquals(_expected, SHA256.HashData(Encoding.UTF8.GetBytes(presented))) && presented.Length > 0)
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await context.Response.WriteAsJsonAsync(new ApiError(
            presented.Length == 0 ? "missing API token: send 'Authorization: Bearer <token>'" : "wrong API token", "Authorization"));
    }
}
