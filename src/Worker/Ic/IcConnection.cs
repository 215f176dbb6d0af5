using Canic.Fsm.Orchestration.Ic;

namespace Canic.Fsm.Worker.Ic;

/// <summary>The IC the orchestrator talks to: its two ports, and what to close when the host stops.</summary>
internal sealed class IcConnection(IManagementCanister management, ICyclesLedger ledger, string description, IAsyncDisposable? owned)
    : IAsyncDisposable
{
    public IManagementCanister Management { get; } = management;

    public ICyclesLedger Ledger { get; } = ledger;

    /// <summary>For the log: which backend, and where its state lives.</summary>
    public string Description { get; } = description;

    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
