using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Identity;
using Canic.Fsm.Orchestration.Configuration;

namespace Canic.Fsm.Worker.Configuration;

/// <summary>
/// Checks the keys of <c>Ic:Backend=http</c>: the URL, the identity file (read and parsed, so a bad key is refused at
/// start), the network, and the values that depend on it. Reports every problem by its key; opens no connection.
/// </summary>
internal static class HttpBackendValidator
{
    public const string Mainnet = "mainnet";
    public const string Local = "local";

    /// <summary>The problems of the http keys, and the identity when its file is usable.</summary>
    public static (List<ConfigurationProblem> Problems, IIdentity? Identity) Validate(IcOptions ic)
    {
        var problems = new List<ConfigurationProblem>();
        if (!Uri.TryCreate(ic.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            problems.Add(Problem("Ic:Url", string.IsNullOrWhiteSpace(ic.Url) ? "required with Ic:Backend=http (e.g. https://icp-api.io or http://127.0.0.1:4943)"
                : $"'{ic.Url}' is not an absolute http:// or https:// address"));
        var identity = LoadIdentity(ic.IdentityPem, problems);
        var network = ic.Network?.ToLowerInvariant();
        if (network is not (Mainnet or Local))
            problems.Add(Problem("Ic:Network", string.IsNullOrWhiteSpace(ic.Network) ? "required with Ic:Backend=http: mainnet or local"
                : $"'{ic.Network}' is not one of: mainnet, local"));
        if (!string.IsNullOrEmpty(ic.RootKey))
        {
            if (network == Mainnet)
                problems.Add(Problem("Ic:RootKey", "never with Ic:Network=mainnet: the mainnet root key is built in"));
            else if (!IsBlsKeyHex(ic.RootKey))
                problems.Add(Problem("Ic:RootKey", "not the hex of a 133-byte DER BLS12-381 key (as /api/v2/status serves it)"));
        }
        if (!Principal.TryParse(ic.ProvisionalEffectiveCanisterId, out _))
            problems.Add(Problem("Ic:ProvisionalEffectiveCanisterId", $"'{ic.ProvisionalEffectiveCanisterId}' is not a principal"));
        if (!Principal.TryParse(ic.LedgerId, out _))
            problems.Add(Problem("Ic:LedgerId", $"'{ic.LedgerId}' is not a principal"));
        if (!Cycles.TryParse(ic.CreationFee, out _))
            problems.Add(Problem("Ic:CreationFee", $"'{ic.CreationFee}' is not an amount of cycles (e.g. 500B)"));
        if (ic.PollTimeout <= TimeSpan.Zero) problems.Add(Problem("Ic:PollTimeout", $"{ic.PollTimeout} is not positive"));
        if (ic.RequestTimeout <= TimeSpan.Zero) problems.Add(Problem("Ic:RequestTimeout", $"{ic.RequestTimeout} is not positive"));
        if (ic.FaultPlan is not null)
            problems.Add(Problem("Ic:FaultPlan", "only for Ic:Backend=simulated; a development replica has its own (canic-fsm replica --faults)"));
        return (problems, identity);
    }

    /// <summary>The orchestrator's keys that must agree with the http backend: its principal is the identity's, and mainnet creates through the ledger.</summary>
    public static IEnumerable<ConfigurationProblem> CrossCheck(IcOptions ic, IIdentity identity, OrchestratorSettings settings)
    {
        if (settings.Principal != identity.Sender)
            yield return Problem("Principal", $"{settings.Principal} is not the principal of Ic:IdentityPem ({identity.Sender}); " +
                "with Ic:Backend=http the orchestrator acts as its identity: leave Principal out or set it to that principal");
        if (string.Equals(ic.Network, Mainnet, StringComparison.OrdinalIgnoreCase) && settings.Network != IcNetwork.Mainnet)
            yield return Problem("Network", "'development' creates canisters with provisional_create_canister_with_cycles, which mainnet refuses; " +
                "set Network=mainnet (creation through the cycles ledger) with Ic:Network=mainnet");
    }

    private static IIdentity? LoadIdentity(string? path, List<ConfigurationProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            problems.Add(Problem("Ic:IdentityPem", "required with Ic:Backend=http: a PEM file (dfx identity export <name> > identity.pem)"));
            return null;
        }
        if (!File.Exists(path))
        {
            problems.Add(Problem("Ic:IdentityPem", $"file '{Path.GetFullPath(path)}' does not exist"));
            return null;
        }
        try
        {
            return IdentityPem.LoadFile(path);
        }
        catch (IdentityFormatException e)
        {
            problems.Add(Problem("Ic:IdentityPem", e.Message));
            return null;
        }
    }

    private static bool IsBlsKeyHex(string text)
    {
        try
        {
            var bytes = Convert.FromHexString(text.Trim());
            return bytes.Length == 133 && bytes.AsSpan(0, 37).SequenceEqual(Convert.FromHexString("308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100"));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static ConfigurationProblem Problem(string key, string reason) => new(key, $"{key}: {reason}");
}
