namespace Canic.Fsm.Orchestration.Store;

/// <summary>Options of <see cref="OrchestrationStore"/>.</summary>
public sealed record StoreOptions
{
    /// <summary>The clock for updated_at, history and reservation times. Default: the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long a connection waits for a lock held by another process. Default: 5 s.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many idle read connections are kept for reuse. Default: 4.</summary>
    public int IdleReadConnections { get; init; } = 4;
}
