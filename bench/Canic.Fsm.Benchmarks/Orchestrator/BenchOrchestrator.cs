using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;
using Canic.Fsm.Orchestration.Runtime;

namespace Canic.Fsm.Benchmarks.Orchestrator;

/// <summary>The orchestrator the benchmarks open: one role "app" (1T, a large budget), no periodic check, on a SimulatedIc.</summary>
internal static class BenchOrchestrator
{
    public static readonly Principal Self = Principal.FromBytes([0x0a, 0x01]);

    /// <summary>A pool that keeps <paramref name="minimumSize"/> Ready canisters (0: never refills) and never caps (maximum 1,000,000).</summary>
    public static OrchestratorConfig Config(Cycles creationFee, int minimumSize = 0) =>
        new([], new PoolConfig(minimumSize, 1_000_000, Cycles.Parse("1T"), TimeSpan.FromHours(1)), CreationMethod.Ledger, creationFee,
            new Dictionary<string, RoleConfig> { ["app"] = new("app", [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0], Cycles.Parse("1T"), [], Cycles.Parse("1000000T")) },
            null);

    public static Orchestration.Orchestrator Open(OrchestratorConfig config, string path, SimulatedIc ic) =>
        Open(config, path, ic.ManagementCanisterFor(Self), ic.CyclesLedgerFor(Self));

    /// <summary>The orchestrator on any IC: e.g. the http clients of a development replica.</summary>
    public static Orchestration.Orchestrator Open(OrchestratorConfig config, string path, IManagementCanister management, ICyclesLedger ledger) =>
        Orchestration.Orchestrator.OpenWithConfigAsync(config, path, management, ledger,
            new Orchestration.OrchestratorServices(), CancellationToken.None, runPeriodicCheck: false).GetAwaiter().GetResult();
}
