using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Hosting;

/// <summary>
/// The IC the orchestrator talks to: its two ports, and the simulated network behind them when there is one.
/// Registered by <c>AddCanicOrchestrator</c>; resolve it to reach the simulated IC of a development host
/// (to create a canister to import, or to mint cycles).
/// </summary>
public sealed class IcConnection : IDisposable
{
    internal IcConnection(IManagementCanister management, ICyclesLedger ledger, string description, SimulatedIc? simulated)
    {
        (Management, Ledger, Description, Simulated) = (management, ledger, description, simulated);
        CreationFee = simulated?.Options.CanisterCreationFee ?? default;
    }

    /// <summary>
    /// The fee the network takes from a new canister's cycles; the orchestrator adds it to what it asks for,
    /// so that a fresh pool canister holds the configured cycles instead of failing its reset as "below".
    /// </summary>
    public Cycles CreationFee { get; }

    /// <summary>The management canister, called as the orchestrator's principal.</summary>
    public IManagementCanister Management { get; }

    /// <summary>The cycles ledger, called as the orchestrator's principal.</summary>
    public ICyclesLedger Ledger { get; }

    /// <summary>For the log: which backend, and where its state lives.</summary>
    public string Description { get; }

    /// <summary>The simulated network, for development aids; null on a real network.</summary>
    public SimulatedIc? Simulated { get; }

    /// <summary>Closes the simulated network's state file, if any (the host does this when it is disposed).</summary>
    public void Dispose() => Simulated?.Dispose();
}
