using System.Net;
using Canic.Fsm.Orchestration.Configuration;

namespace Canic.Fsm.Worker.Configuration;

/// <summary>Checks the worker's HTTP API settings (section <c>Admin</c>); reports every problem.</summary>
internal static class AdminOptionsValidator
{
    public static IEnumerable<ConfigurationProblem> Validate(AdminOptions admin)
    {
        if (!Uri.TryCreate(admin.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return Problem("Admin:Url", $"'{admin.Url}' is not an absolute http:// or https:// address");
            yield break;
        }
        var token = admin.ApiToken ?? "";
        if (token.Length > 0 && string.IsNullOrWhiteSpace(token))
            yield return Problem("Admin:ApiToken", "is only whitespace: no client could present it");
        else if (token.Length > 0 && token.Trim().Length != token.Length)
            yield return Problem("Admin:ApiToken", "starts or ends with whitespace, which clients' Authorization headers lose");
        else if (!IsLoopback(url) && token.Length == 0)
            yield return Problem("Admin:ApiToken",
                $"required because Admin:Url '{admin.Url}' is not a loopback address (anyone on the network could send admin commands)");
        else if (!IsLoopback(url) && token.Length < AdminOptions.MinimumRemoteTokenLength)
            yield return Problem("Admin:ApiToken",
                $"is {token.Length} characters long; at least {AdminOptions.MinimumRemoteTokenLength} are required because Admin:Url '{admin.Url}' is not a loopback address");
        foreach (var (host, index) in admin.AllowedHosts.Select((h, i) => (h, i)))
        {
            if (string.IsNullOrWhiteSpace(host) || host.Contains(':', StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal))
                yield return Problem($"Admin:AllowedHosts:{index}", $"'{host}' is not a host name (no scheme, no port), nor '*'");
        }
    }

    /// <summary>True for 127.0.0.0/8, ::1 and <c>localhost</c>: addresses no other machine can reach.</summary>
    public static bool IsLoopback(Uri url) =>
        url.IsLoopback || IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);

    private static ConfigurationProblem Problem(string key, string reason) => new(key, $"{key}: {reason}");
}
