using Canic.Fsm.Orchestration;
using Canic.Fsm.Orchestration.Api;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Hosting;

/// <summary>
/// A progress line while the pool fills ("pool 3/5 ready"), so that an operator sees a refill advance.
/// The transitions themselves are logged by the orchestrator, one line each; this adds only the count
/// after a canister becomes Ready, once per count although canisters become Ready on several threads at once.
/// </summary>
internal sealed class PoolProgressLogger(ILogger<PoolProgressLogger> logger)
{
    private readonly Lock _gate = new();
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

    // Transitions are raised on several threads at once: reading the count and logging it under one lock
    // keeps the lines in order ("2/3" before "3/3") and logs a count read twice only once.
    private void OnTransition(object? sender, OrchestratorTransition t)
    {
        lock (_gate)
        {
            if (t is not { Machine: "pool", To: "Ready" })
            {
                // Something else changed (a claim, a creation): the next Ready count is news even if it repeats.
                _lastLogged = -1;
                return;
            }
            if (_orchestrator is not { } orchestrator) return;
            var summary = orchestrator.GetPoolSummary();
            if (summary.Ready > summary.MinimumSize || summary.Ready == _lastLogged) return;
            _lastLogged = summary.Ready;
            logger.LogInformation("pool {Ready}/{Minimum} ready", summary.Ready, summary.MinimumSize);
        }
    }
}
