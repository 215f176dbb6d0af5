using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Agent;
using Canic.Fsm.Ic.Clients;
using Canic.Fsm.Ic.Identity;
using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Worker.Configuration;
using Microsoft.Extensions.Logging;
using AgentNetwork = Canic.Fsm.Ic.Agent.IcNetwork;

namespace Canic.Fsm.Worker.Ic;

/// <summary>
/// <c>Ic:Backend=http</c>: the management canister and the cycles ledger over the IC's HTTP interface, signed with the
/// identity of <c>Ic:IdentityPem</c>. On mainnet the root key is the built-in one; on a local network it is
/// <c>Ic:RootKey</c> or, only then, fetched from <c>/api/v2/status</c> and logged with its fingerprint. Once connected
/// it logs the identity's ledger balance, with a warning when it cannot pay for a pool refill.
/// </summary>
internal static class HttpIcBackend
{
    /// <summary>The ledger's fee per create_canister and withdraw (mainnet's).</summary>
    private static readonly Cycles LedgerFee = Cycles.Parse("100M");

    public static IcConnection Connect(IcOptions options, OrchestratorSettings settings, ILoggerFactory logging)
    {
        var logger = logging.CreateLogger("Canic.Fsm.Worker.Ic");
        var local = string.Equals(options.Network, HttpBackendValidator.Local, StringComparison.OrdinalIgnoreCase);
        var creationFee = Cycles.Parse(options.CreationFee);
        // One pooled client for every call: connections are reused and renewed (DNS changes of a boundary node).
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        var description = $"http, {options.Url} ({(local ? "local" : "mainnet")})";
        return new IcConnection(description, creationFee, async ct =>
        {
            var identity = IdentityPem.LoadFile(options.IdentityPem!);
            var agentOptions = new IcAgentOptions
            {
                BaseAddress = new Uri(options.Url!),
                Network = local ? AgentNetwork.Local : AgentNetwork.Mainnet,
                RootKeyDer = string.IsNullOrEmpty(options.RootKey) ? null : Convert.FromHexString(options.RootKey.Trim()),
                PollTimeout = options.PollTimeout,
                RequestTimeout = options.RequestTimeout,
            };
            IcAgent agent;
            try
            {
                agent = await IcAgent.CreateAsync(http, identity, agentOptions, logger: logging.CreateLogger("Canic.Fsm.Ic.Agent"), cancellationToken: ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IcProtocolException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                throw new InvalidOperationException($"Ic:Url '{options.Url}': could not read the local network's root key from /api/v2/status: {e.Message}", e);
            }
            var management = new ManagementCanisterClient(agent, Principal.Parse(options.ProvisionalEffectiveCanisterId));
            var ledger = new CyclesLedgerClient(agent, Principal.Parse(options.LedgerId));
            logger.LogInformation("IC over HTTP: {Url} as {Principal} (root key SHA-256 {Fingerprint})",
                options.Url, identity.Sender, Canic.Fsm.Ic.Certificates.CertificateVerifier.Fingerprint(agent.Verifier.RootKeyDer));
            await LogBalanceAsync(ledger, identity.Sender, settings, creationFee, logger, ct).ConfigureAwait(false);
            return (management, ledger);
        }, http);
    }

    private static async Task LogBalanceAsync(ICyclesLedger ledger, Principal owner, OrchestratorSettings settings, Cycles creationFee, ILogger logger, CancellationToken ct)
    {
        var account = new Account(owner);
        Cycles balance;
        try
        {
            balance = await ledger.BalanceAsync(account, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IcRejectException or IcUnknownOutcomeException or IcProtocolException)
        {
            logger.LogWarning("Cycles ledger: the balance of {Account} could not be read: {Message}", account, e.Message);
            return;
        }
        var refill = settings.Pool.CanisterCycles + creationFee + LedgerFee;
        logger.LogInformation("Cycles ledger: account {Account} holds {Balance} cycles (one pool canister costs {Refill} through the ledger)", account, balance, refill);
        if (settings.Network == Canic.Fsm.Orchestration.Configuration.IcNetwork.Mainnet && balance < refill)
            logger.LogWarning("Cycles ledger: {Balance} cannot pay for a pool refill ({Refill}); top up the account {Account}", balance, refill, account);
    }
}
