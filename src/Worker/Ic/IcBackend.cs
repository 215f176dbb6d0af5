using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;
using Canic.Fsm.Worker.Configuration;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Worker.Ic;

/// <summary>Connects the configured IC backend: the simulated IC (with its state file and fault plan), or an IC over HTTP.</summary>
internal static class IcBackend
{
    public static IcConnection Connect(IcOptions options, OrchestratorSettings settings, ILoggerFactory logging)
    {
        if (options.IsHttp) return HttpIcBackend.Connect(options, settings, logging);
        var logger = logging.CreateLogger("Canic.Fsm.Worker.Ic");
        var network = string.IsNullOrEmpty(options.StateFile) ? new SimulatedIc() : SimulatedIc.OpenFile(options.StateFile);
        if (options.FaultPlan is { } faults) network.Faults = FaultPlan.Random(faults.Seed, Profile(faults));
        FundOnce(network, new Account(settings.Principal), Cycles.Parse(options.InitialBalance), logger);
        var where = string.IsNullOrEmpty(options.StateFile) ? "in memory" : Path.GetFullPath(options.StateFile);
        return new IcConnection(
            network.ManagementCanisterFor(settings.Principal), network.CyclesLedgerFor(settings.Principal),
            $"simulated, {where}", network);
    }

    /// <summary>
    /// Credits the orchestrator's ledger account the first time the network sees it, as a developer tops up
    /// a local replica's wallet once: a restart on the same state file must not mint again.
    /// </summary>
    private static void FundOnce(SimulatedIc network, Account account, Cycles amount, ILogger logger)
    {
        if (network.Snapshot().Balances.ContainsKey(account)) return;
        network.Mint(account, amount);
        logger.LogInformation("Simulated IC: credited {Amount} cycles to the orchestrator's ledger account {Account}", amount, account);
    }

    private static RandomFaultProfile Profile(FaultPlanOptions faults) => new()
    {
        Reject = faults.Reject,
        AppliedButReplyLost = faults.AppliedButReplyLost,
        TimedOutBeforeApplied = faults.TimedOutBeforeApplied,
        Latency = faults.Latency,
        MaxLatency = faults.MaxLatency,
    };
}
