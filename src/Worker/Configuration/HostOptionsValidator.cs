using System.Net;
using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Worker.Configuration;

/// <summary>Checks the host's settings (database, IC, admin endpoint); reports every problem, touching no file.</summary>
internal static class HostOptionsValidator
{
    public static IEnumerable<ConfigurationProblem> Validate(CanicHostOptions options) =>
        ValidateDatabase(options.Database).Concat(ValidateIc(options.Ic));

    private static IEnumerable<ConfigurationProblem> ValidateDatabase(DatabaseOptions database)
    {
        if (FileLocationProblem(database.Path) is { } reason)
            yield return Problem("Database:Path", reason);
    }

    private static IEnumerable<ConfigurationProblem> ValidateIc(IcOptions ic)
    {
        if (ic.IsHttp) yield break; // HttpBackendValidator checks the http keys (it also reads the identity file)
        if (!string.Equals(ic.Backend, IcOptions.SimulatedBackend, StringComparison.OrdinalIgnoreCase))
        {
            yield return Problem("Ic:Backend", $"unknown backend '{ic.Backend}' (one of: {IcOptions.SimulatedBackend}, {IcOptions.HttpBackend})");
            yield break;
        }
        if (!string.IsNullOrEmpty(ic.StateFile) && FileLocationProblem(ic.StateFile) is { } stateReason)
            yield return Problem("Ic:StateFile", stateReason);
        if (ic.FaultPlan is { } faults)
            foreach (var problem in ValidateFaults(faults)) yield return problem;
        if (!Cycles.TryParse(ic.InitialBalance, out _))
            yield return Problem("Ic:InitialBalance", CyclesProblem(ic.InitialBalance));
    }

    private static IEnumerable<ConfigurationProblem> ValidateFaults(FaultPlanOptions faults)
    {
        (string Key, double Value)[] probabilities =
        [
            ("Reject", faults.Reject), ("AppliedButReplyLost", faults.AppliedButReplyLost),
            ("TimedOutBeforeApplied", faults.TimedOutBeforeApplied), ("Latency", faults.Latency),
        ];
        foreach (var (key, value) in probabilities.Where(p => p.Value is < 0 or > 1 || double.IsNaN(p.Value)))
            yield return Problem($"Ic:FaultPlan:{key}", $"{value} is not a probability (0 to 1)");
        if (probabilities.Sum(p => p.Value) > 1)
            yield return Problem("Ic:FaultPlan", "the probabilities add up to more than 1");
        if (faults.MaxLatency < TimeSpan.Zero)
            yield return Problem("Ic:FaultPlan:MaxLatency", $"{faults.MaxLatency} is negative");
    }

    public static IEnumerable<ConfigurationProblem> ValidateAdmin(AdminOptions admin)
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

    private static string CyclesProblem(string? text)
    {
        try
        {
            Cycles.Parse(text ?? "");
            return "";
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    private static string? FileLocationProblem(string? path)
    {
        if (string.IsNullOrWhiteSpace(path)) return "it is empty";
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        return directory is null || Directory.Exists(directory) ? null : $"directory '{directory}' does not exist";
    }
}
