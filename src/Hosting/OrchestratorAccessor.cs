using Canic.Fsm.Orchestration;

namespace Canic.Fsm.Hosting;

/// <summary>
/// Gives the running <see cref="Orchestrator"/> to the rest of a host (HTTP endpoints, an embedder's
/// own services). The orchestrator opens in the background, after the host has started, so that a
/// long recovery does not keep the health endpoint down; until then <see cref="Current"/> is null.
/// </summary>
public sealed class OrchestratorAccessor
{
    private readonly TaskCompletionSource<Orchestrator> _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The open orchestrator, or null while it is still opening (or failed to open).</summary>
    public Orchestrator? Current { get; private set; }

    /// <summary>Completes when the orchestrator is open; fails if it could not open.</summary>
    public Task<Orchestrator> WhenOpen => _opened.Task;

    /// <summary>The open orchestrator; throws <see cref="OrchestratorUnavailableException"/> while it is not open.</summary>
    public Orchestrator Require() => Current ?? throw new OrchestratorUnavailableException(
        WhenOpen.IsFaulted ? "the orchestrator failed to open; see the host's log" : "the orchestrator is still opening (recovery in progress)");

    internal void Opened(Orchestrator orchestrator)
    {
        Current = orchestrator;
        _opened.TrySetResult(orchestrator);
    }

    internal void Failed(Exception error) => _opened.TrySetException(error);

    internal void Closed() => Current = null;
}

/// <summary>The orchestrator is not open (still recovering, stopping, or failed to open).</summary>
/// <param name="message">Why it is unavailable.</param>
public sealed class OrchestratorUnavailableException(string message) : Exception(message);
