using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Policy;
using Canic.Fsm.Orchestration.Provisioning;
using Canic.Fsm.Orchestration.Runtime;

namespace Canic.Fsm.Orchestration.Scaling;

/// <summary>
/// Scaling pools: CreateWorker (count workers, Creating ones included; plan; the worker row and the
/// attempt's C1 in one commit; registered by the attempt's C4) and capacity-driven scale-out.
/// </summary>
internal sealed class WorkerScaling(OrchestratorContext context, AttemptStarter starter)
{
    private readonly Lock _planning = new();

    public CreateWorkerResult CreateWorker(string pool)
    {
        var config = ResolvePool(pool);
        // Planning and the worker row are serialized so that two requests cannot both see "below min".
        lock (_planning)
        {
            var count = CountWorkers(pool);
            var plan = ScalingPolicy.PlanCreateWorker(pool, count, context.Config.Scaling);
            context.Metrics.RecordScaling(pool, config.CanisterRole, ScalingMetricOperation.PlanCreate,
                plan.ShouldSpawn ? ScalingMetricOutcome.Completed : ScalingMetricOutcome.Skipped, ScalingMetricReasons.Of(plan.Reason));
            return plan.ShouldSpawn ? Spawn(pool, config.CanisterRole, ScalingMetricReasons.Of(plan.Reason)) : new CreateWorkerResult(false, MetricTag.Of(plan.Reason), null);
        }
    }

    /// <summary>Bootstrap of every scaling pool: spawns the workers missing to reach max(initial_workers, min_workers).</summary>
    public void EnsureInitialWorkers()
    {
        if (context.Config.Scaling is not { } scaling) return;
        foreach (var (name, config) in scaling.Pools)
        {
            lock (_planning)
            {
                var missing = ScalingPolicy.PlanBootstrap(name, CountWorkers(name), scaling);
                for (var i = 0; i < missing; i++)
                {
                    try { Spawn(name, config.CanisterRole, ScalingMetricReason.BelowMinWorkers, ScalingMetricOperation.BootstrapPool); }
                    catch (OrchestratorInputException e)
                    {
                        context.Logger.LogBackgroundFailure(e, $"bootstrap of pool '{name}' refused: {e.Message}");
                        break;
                    }
                }
            }
        }
    }

    /// <summary>Capacity scale-out of every pool that declares a capacity: reads the current worker's memory_size.</summary>
    public async Task CheckCapacityAsync(CancellationToken ct)
    {
        if (context.Config.Scaling is not { } scaling) return;
        foreach (var (name, config) in scaling.Pools)
        {
            if (config.CapacityBytes is null) continue;
            var workers = context.Store.Read(r => r.ScalingWorkers.ListByPool(name)).Where(w => w.IsCurrent).ToList();
            var current = workers.LastOrDefault(w => w.Status == ScalingWorkerStatus.Registered && w.Pid is not null);
            ulong? memory = null;
            if (current is not null)
            {
                try { memory = (await context.Calls.StatusAsync(current.Pid!.Value, ct).ConfigureAwait(false)).MemorySize; }
                catch (Exception e) when (e is IcRejectException or IcUnknownOutcomeException) { continue; }
            }
            lock (_planning)
            {
                var fresh = context.Store.Read(r => r.ScalingWorkers.ListByPool(name)).Where(w => w.IsCurrent).ToList();
                var plan = ScalingPolicy.PlanScaleOut(name, new ScaleOutObservation(fresh.Count, fresh.Count(w => w.Status == ScalingWorkerStatus.Creating), memory), scaling);
                if (plan.ShouldSpawn)
                {
                    try { Spawn(name, config.CanisterRole, ScalingMetricReasons.Of(plan.Reason)); }
                    catch (OrchestratorInputException e) { context.Logger.LogBackgroundFailure(e, $"scale-out of pool '{name}' refused: {e.Message}"); }
                }
            }
        }
    }

    private CreateWorkerResult Spawn(string pool, string role, ScalingMetricReason reason,
        ScalingMetricOperation operation = ScalingMetricOperation.CreateWorker)
    {
        context.Metrics.RecordScaling(pool, role, operation, ScalingMetricOutcome.Started, reason);
        var attempt = starter.Start(role, null, (tx, attemptId) => tx.ScalingWorkers.AddCreating(pool, attemptId));
        context.Report("worker", pool, "", "Creating", $"attempt {attempt.Id}");
        return new CreateWorkerResult(true, MetricTag.Of(reason), long.Parse(attempt.Id, System.Globalization.CultureInfo.InvariantCulture));
    }

    private int CountWorkers(string pool) => context.Store.Read(r => r.ScalingWorkers.ListByPool(pool)).Count(w => w.IsCurrent);

    public Configuration.ScalingPoolSettings ResolvePool(string pool)
    {
        if (pool is not null && context.Config.Scaling?.Pools.TryGetValue(pool, out var config) == true) return config;
        var known = context.Config.Scaling is { } s ? string.Join(", ", s.Pools.Keys.Order(StringComparer.Ordinal)) : "none: scaling is disabled";
        throw new OrchestratorInputException("pool", $"Unknown scaling pool '{pool}' (configured: {known}).");
    }
}
