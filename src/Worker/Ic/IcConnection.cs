using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Worker.Ic;

/// <summary>The IC the orchestrator talks to: its two ports, and the simulated network behind them when there is one.</summary>
internal sealed class IcConnection(IManagementCanister management, ICyclesLedger ledger, string description, SimulatedIc? simulated)
    : IDisposable
{
    /// <summary>
    /// The fee the network takes from a new canister's cycles; the orchestrator adds it to what it asks for,
    /// so that a fresh pool canister holds the configured cycles instead of failing its reset as "below".
    /// </summary>
    public Cycles CreationFee { get; } = simulated?.Options.CanisterCreationFee ?? default;

    public IManagementCanister Management { get; } = management;

    public ICyclesLedger Ledger { get; } = ledger;

    /// <summary>For the log: which backend, and where its state lives.</summary>
    public string Description { get; } = description;

    /// <summary>The simulated network, for the development-only endpoints; null on a real network.</summary>
    public SimulatedIc? Simulated { get; } = simulated;

    public void Dispose() => Simulated?.Dispose();
}
