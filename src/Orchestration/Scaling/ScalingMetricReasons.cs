using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Policy;

namespace Canic.Fsm.Orchestration.Scaling;

/// <summary>
/// The <c>canic.scaling</c> reason of a scaling decision. The policies answer in their own words; the workflow that
/// records the measurement translates them here, so that the pure policies know nothing of metrics.
/// </summary>
internal static class ScalingMetricReasons
{
    public static ScalingMetricReason Of(ScalingReason reason) => reason switch
    {
        ScalingReason.AtMaxWorkers => ScalingMetricReason.AtMaxWorkers,
        ScalingReason.BelowMinWorkers => ScalingMetricReason.BelowMinWorkers,
        ScalingReason.WithinBounds => ScalingMetricReason.WithinBounds,
        _ => ScalingMetricReason.Unknown,
    };

    public static ScalingMetricReason Of(ScaleOutReason reason) => reason switch
    {
        ScaleOutReason.CapacityNotConfigured => ScalingMetricReason.PolicyDenied,
        ScaleOutReason.CreationInProgress => ScalingMetricReason.TargetSatisfied,
        ScaleOutReason.AtMaxWorkers => ScalingMetricReason.AtMaxWorkers,
        ScaleOutReason.NoCurrentWorker => ScalingMetricReason.NoInitialWorkers,
        ScaleOutReason.CapacityReached => ScalingMetricReason.Ok,
        ScaleOutReason.BelowThreshold => ScalingMetricReason.TargetSatisfied,
        _ => ScalingMetricReason.Unknown,
    };
}
