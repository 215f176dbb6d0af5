namespace Canic.Fsm.Orchestration.Api;

/// <summary>A scaling pool and its workers in creation order.</summary>
/// <param name="Pool">The pool's name.</param>
/// <param name="Role">The role its workers run.</param>
/// <param name="MinWorkers">The configured <c>min_workers</c>.</param>
/// <param name="MaxWorkers">The configured <c>max_workers</c> (0 = unlimited).</param>
/// <param name="CapacityBytes">The declared capacity of one worker, if the pool scales out by memory.</param>
/// <param name="Current">The current worker's textual principal, if any.</param>
/// <param name="Workers">Its workers, oldest first.</param>
public sealed record ScalingPoolView(
    string Pool, string Role, int MinWorkers, int MaxWorkers, long? CapacityBytes, string? Current,
    IReadOnlyList<ScalingWorkerView> Workers);

/// <summary>One worker of a scaling pool.</summary>
/// <param name="Ordinal">Its rank in creation order (0 = first).</param>
/// <param name="State">Creating, Registered or Failed.</param>
/// <param name="Pid">Its textual principal, once provisioned.</param>
/// <param name="Attempt">The provisioning attempt that creates it.</param>
/// <param name="IsCurrent">True for the worker new data goes to.</param>
/// <param name="CreatedAt">When the worker was planned (its attempt's request time; null only if that record is missing).</param>
public sealed record ScalingWorkerView(int Ordinal, string State, string? Pid, long? Attempt, bool IsCurrent, DateTimeOffset? CreatedAt);

/// <summary>The outcome of a create-worker request.</summary>
/// <param name="Spawned">True when a worker is being created.</param>
/// <param name="Reason">The scaling policy's reason, snake_case (<c>below_min_workers</c>, <c>within_bounds</c>, <c>at_max_workers</c>).</param>
/// <param name="Attempt">The provisioning attempt creating the worker, when spawned.</param>
public sealed record CreateWorkerResult(bool Spawned, string Reason, long? Attempt);

/// <summary>A machine's declared state chart.</summary>
/// <param name="Machine">The machine's name (<c>pool-canister</c>, <c>provisioning-attempt</c>).</param>
/// <param name="Mermaid">The chart as a Mermaid state diagram.</param>
/// <param name="Dot">The chart as Graphviz DOT.</param>
public sealed record MachineChartView(string Machine, string Mermaid, string Dot);
