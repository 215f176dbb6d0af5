using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Worker.Ic;

/// <summary>
/// The IC the orchestrator talks to: its two ports, and the simulated network behind them when there is one. The
/// simulated IC is ready at once; an IC over HTTP is connected by <see cref="OpenAsync"/> (its root key may have to be
/// fetched), which the hosted service awaits before it opens the orchestrator.
/// </summary>
internal sealed class IcConnection : IDisposable
{
    private readonly Func<CancellationToken, Task<(IManagementCanister, ICyclesLedger)>>? _open;
    private readonly IDisposable? _resources;
    private IManagementCanister? _management;
    private ICyclesLedger? _ledger;

    /// <summary>A connection to the simulated IC, open at once.</summary>
    public IcConnection(IManagementCanister management, ICyclesLedger ledger, string description, SimulatedIc simulated)
    {
        _management = management;
        _ledger = ledger;
        Description = description;
        Simulated = simulated;
        CreationFee = simulated.Options.CanisterCreationFee;
    }

    /// <summary>A connection made by <paramref name="open"/>; <paramref name="resources"/> are disposed with it.</summary>
    public IcConnection(string description, Cycles creationFee, Func<CancellationToken, Task<(IManagementCanister, ICyclesLedger)>> open, IDisposable? resources)
    {
        Description = description;
        CreationFee = creationFee;
        _open = open;
        _resources = resources;
    }

    /// <summary>
    /// The fee the network takes from a new canister's cycles; the orchestrator adds it to what it asks for,
    /// so that a fresh pool canister holds the configured cycles instead of failing its reset as "below".
    /// </summary>
    public Cycles CreationFee { get; }

    public IManagementCanister Management => _management ?? throw new InvalidOperationException("The IC connection is not open yet.");

    public ICyclesLedger Ledger => _ledger ?? throw new InvalidOperationException("The IC connection is not open yet.");

    /// <summary>For the log: which backend, and where its state lives.</summary>
    public string Description { get; }

    /// <summary>The simulated network, for the development-only endpoints; null on a real network.</summary>
    public SimulatedIc? Simulated { get; }

    /// <summary>Connects (once); nothing to do for the simulated IC.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (_management is not null || _open is null) return;
        (_management, _ledger) = await _open(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        Simulated?.Dispose();
        _resources?.Dispose();
    }
}
