using Canic.Fsm.Orchestration;
using Canic.Fsm.Orchestration.Api;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Worker.Hosting;

/// <summary>
/// A progress line while the pool fills ("pool 3/5 ready"), so that an operator sees a refill advance.
/// The transitions themselves are logged by the orchestrator, one line each; this adds only the count,
/// once per new value, although canisters become Ready on several threads at once.
/// </summary>
internal sealed class PoolProgressLogger(ILogger<PoolProgressLogger> logger)
{
    private Orchestrator? _orchestrator;
    private long _lastLogged = -1;

    public void Attach(Orchestrator orchestrator)
    {
        _orchestrator = orchestrator;
        orchestrator.Transition += OnTransition;
    }

    public void Detach(Orchestrator orchestrator)
    {
        orchestrator.Transition -= OnTransition;
        _orchestrator = null;
    }

    private void OnTransition(object? sender, OrchestratorTransition t)
    {
        if (t is not { Machine: "pool", To: "Ready" } || _orchestrator is not { } orchestrator) return;
        var summary = orchestrator.GetPoolSummary();
        if (summary.Ready > summary.MinimumSize) return;
        if (Interlocked.Exchange(ref _lastLogged, summary.Ready) != summary.Ready)
            logger.LogInformation("pool {Ready}/{Minimum} ready", summary.Ready, summary.MinimumSize);
    }
}
