using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Orchestration;

/// <summary>
/// Optional services of an <see cref="Orchestrator"/>: logging, time and metrics. Each one left null
/// gets a sensible default (no logging, the system clock, the shared meter).
/// </summary>
public sealed record OrchestratorServices
{
    /// <summary>Where transitions of interest and progress lines are logged.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The clock (creation times, <c>created_at_time</c>, the periodic check).</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>The meter factory the orchestrator's counters are created from.</summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; init; }

    /// <summary>
    /// The fee the network takes from a new canister's cycles (the simulated IC's <c>CanisterCreationFee</c>,
    /// 500B on a mainnet 13-node subnet); it is added to the amount asked for, so that a fresh canister still
    /// holds the configured cycles. Default: zero.
    /// </summary>
    public Ic.Cycles CreationFee { get; init; }
}
