using Canic.Fsm.Orchestration.Metrics;

namespace Canic.Fsm.Orchestration.Policy;

/// <summary>The answer of <see cref="ScalingPolicy.PlanCreateWorker"/> (Canic's <c>ScalingPlan</c>).</summary>
/// <param name="ShouldSpawn">True when one worker is to be created.</param>
/// <param name="Reason">Why: <see cref="ScalingMetricReason.BelowMinWorkers"/>, <see cref="ScalingMetricReason.AtMaxWorkers"/> or <see cref="ScalingMetricReason.WithinBounds"/>.</param>
/// <param name="WorkerEntry">The worker to create; set exactly when <paramref name="ShouldSpawn"/> is true.</param>
/// <param name="Message">The decision in words, with the counts, for logs and refusals.</param>
public sealed record ScalingPlan(bool ShouldSpawn, ScalingMetricReason Reason, WorkerEntryPlan? WorkerEntry, string Message);
