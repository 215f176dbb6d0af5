using Canic.Fsm.Orchestration;
using Canic.Fsm.Orchestration.Api;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Worker.Hosting;

/// <summary>
/// One log line per committed transition of interest, and a progress line while the pool fills
/// ("pool 3/5 ready") so that an operator sees a refill advance.
/// </summary>
internal sealed class TransitionLogger(ILogger<TransitionLogger> logger)
{
    private Orchestrator? _orchestrator;

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
        if (t.Reason is null)
            logger.LogInformation("{Machine} {Id}: {From} -> {To}", t.Machine, t.Id, Display(t.From), t.To);
        else
            logger.LogInformation("{Machine} {Id}: {From} -> {To} ({Reason})", t.Machine, t.Id, Display(t.From), t.To, t.Reason);
        if (t is { Machine: "pool", To: "Ready" }) LogRefillProgress();
    }

    private void LogRefillProgress()
    {
        if (_orchestrator is not { } orchestrator) return;
        var summary = orchestrator.GetPoolSummary();
        if (summary.Ready <= summary.MinimumSize)
            logger.LogInformation("pool {Ready}/{Minimum} ready", summary.Ready, summary.MinimumSize);
    }

    private static string Display(string from) => from.Length == 0 ? "(new)" : from;
}
