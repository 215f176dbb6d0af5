using Canic.Fsm.Orchestration.Effects;
using Canic.Fsm.Orchestration.Configuration;
using Microsoft.Extensions.Logging;
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
/// attempt's request in one commit; registered by the attempt's commit) and capacity-driven scale-out.
/// </summary>
internal sealed class WorkerScaling(ScalingSettings? settings, Persistence persistence, TransitionLog transitions, OrchestratorMetrics metrics, ILogger logger,
    CanisterCalls calls, AttemptStarter starter)
{
    // Counting a pool's workers and recording a new one are serialized, so that two requests cannot both see "below min".
    private readonly SemaphoreSlim _planning = new(1, 1);

    public async Task<CreateWorkerResult> CreateWorkerAsync(string pool, CancellationToken ct)
    {
        var config = ResolvePool(pool);
        await _planning.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var count = CountWorkers(pool);
            var plan = ScalingPolicy.PlanCreateWorker(pool, count, settings);
            var reason = ScalingMetricReasons.Of(plan.Reason);
            metrics.RecordScaling(pool, config.CanisterRole, ScalingMetricOperation.PlanCreate,
                plan.ShouldSpawn ? ScalingMetricOutcome.Completed : ScalingMetricOutcome.Skipped, reason);
            return plan.ShouldSpawn
                ? await SpawnAsync(pool, config.CanisterRole, reason, ScalingMetricOperation.CreateWorker).ConfigureAwait(false)
                : new CreateWorkerResult(false, MetricTag.Of(plan.Reason), null);
        }
        finally
        {
            _planning.Release();
        }
    }

    /// <summary>Bootstrap of every scaling pool: spawns the workers missing to reach max(initial_workers, min_workers).</summary>
    public async Task EnsureInitialWorkersAsync(CancellationToken ct)
    {
        if (settings is not { } scaling) return;
        foreach (var (name, config) in scaling.Pools)
        {
            await _planning.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var missing = ScalingPolicy.PlanBootstrap(name, CountWorkers(name), scaling);
                for (var i = 0; i < missing; i++)
                {
                    try { await SpawnAsync(name, config.CanisterRole, ScalingMetricReason.BelowMinWorkers, ScalingMetricOperation.BootstrapPool).ConfigureAwait(false); }
                    catch (OrchestratorInputException e)
                    {
                        logger.LogBackgroundFailure(e, $"bootstrap of pool '{name}' refused: {e.Message}");
                        break;
                    }
                }
            }
            finally
            {
                _planning.Release();
            }
        }
    }

    /// <summary>Capacity scale-out of every pool that declares a capacity: reads the current worker's memory_size.</summary>
    public async Task CheckCapacityAsync(CancellationToken ct)
    {
        if (settings is not { } scaling) return;
        foreach (var (name, config) in scaling.Pools)
        {
            if (config.CapacityBytes is null) continue;
            var workers = persistence.Read(r => r.ScalingWorkers.ListByPool(name)).Where(w => w.IsCurrent).ToList();
            var current = workers.LastOrDefault(w => w.Status == ScalingWorkerStatus.Registered && w.Pid is not null);
            ulong? memory = null;
            if (current is not null)
            {
                try { memory = (await calls.StatusAsync(current.Pid!.Value, ct).ConfigureAwait(false)).MemorySize; }
                catch (Exception e) when (e is IcRejectException or IcUnknownOutcomeException) { continue; }
            }
            await _planning.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var fresh = persistence.Read(r => r.ScalingWorkers.ListByPool(name)).Where(w => w.IsCurrent).ToList();
                var plan = ScalingPolicy.PlanScaleOut(name, new ScaleOutObservation(fresh.Count, fresh.Count(w => w.Status == ScalingWorkerStatus.Creating), memory), scaling);
                if (plan.ShouldSpawn)
                {
                    try { await SpawnAsync(name, config.CanisterRole, ScalingMetricReasons.Of(plan.Reason), ScalingMetricOperation.CreateWorker).ConfigureAwait(false); }
                    catch (OrchestratorInputException e) { logger.LogBackgroundFailure(e, $"scale-out of pool '{name}' refused: {e.Message}"); }
                }
            }
            finally
            {
                _planning.Release();
            }
        }
    }

    /// <summary>The worker row and the attempt's first commit, in one unit of work; the attempt registers the worker when it commits.</summary>
    private async Task<CreateWorkerResult> SpawnAsync(string pool, string role, ScalingMetricReason reason, ScalingMetricOperation operation)
    {
        metrics.RecordScaling(pool, role, operation, ScalingMetricOutcome.Started, reason);
        var attempt = await starter.StartAsync(role, null, (tx, attemptId) => tx.ScalingWorkers.AddCreating(pool, attemptId)).ConfigureAwait(false);
        transitions.Report("worker", pool, "", "Creating", $"attempt {attempt.Id}");
        return new CreateWorkerResult(true, MetricTag.Of(reason), RecordId.ToNumber(attempt.Id));
    }

    private int CountWorkers(string pool) => (int)persistence.Read(r => r.ScalingWorkers.CountCurrent(pool));

    public ScalingPoolSettings ResolvePool(string pool)
    {
        if (pool is not null && settings?.Pools.TryGetValue(pool, out var config) == true) return config;
        var known = settings is { } s ? string.Join(", ", s.Pools.Keys.Order(StringComparer.Ordinal)) : "none: scaling is disabled";
        throw new OrchestratorInputException("pool", $"Unknown scaling pool '{pool}' (configured: {known}).");
    }
}
