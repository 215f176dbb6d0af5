using Canic.Fsm.Orchestration.Api;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Orchestration.Runtime;

/// <summary>
/// Where committed changes of interest and the states machines enter are told: the log and the facade's observers.
/// </summary>
internal sealed class TransitionLog(ILogger logger)
{
    /// <summary>Raised after a committed change of interest.</summary>
    public event EventHandler<OrchestratorTransition>? Transitioned;

    /// <summary>Raised on a machine's loop for every state it enters (not persisted; for observers such as a dashboard).</summary>
    public event EventHandler<OrchestratorTransition>? MachineTransitioned;

    /// <summary>Reports a committed change to the log and to <see cref="Transitioned"/> observers.</summary>
    public void Report(string machine, string id, string from, string to, string? reason = null)
    {
        if (logger.IsEnabled(LogLevel.Information))
            logger.LogInformation("{Machine} {Id}: {From} -> {To}{Reason}", machine, id, from.Length == 0 ? "(new)" : from, to,
                reason is null ? "" : $" ({reason})");
        Transitioned?.Invoke(this, new OrchestratorTransition(machine, id, from, to, reason));
    }

    /// <summary>Reports a state entered by the machine of chart <paramref name="chart"/> for record <paramref name="id"/> (a stop is not a state).</summary>
    public void ReportMachine(string chart, string id, StateMachine.Transition transition)
    {
        if (transition.To is null || MachineTransitioned is not { } observers) return;
        observers.Invoke(this, new OrchestratorTransition(chart, id, transition.From?.ToString() ?? "", transition.To.ToString()!, transition.Cause.ToString()));
    }
}
