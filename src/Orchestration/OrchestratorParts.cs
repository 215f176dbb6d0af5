using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Creation;
using Canic.Fsm.Orchestration.Effects;
using Canic.Fsm.Orchestration.Maintenance;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Pool;
using Canic.Fsm.Orchestration.Provisioning;
using Canic.Fsm.Orchestration.Recovery;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Scaling;
using Canic.Fsm.Orchestration.Store;
using Canic.Fsm.Orchestration.Telemetry;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Orchestration;

/// <summary>
/// The object graph of one orchestrator, built in one place: each part is handed the narrow ports it uses (its settings,
/// the store's units of work, the IC calls, metrics, the transition log, the clock), never the whole. Also the start-up
/// (ids above the database, budgets, recovery) and the stop, which is the reverse.
/// </summary>
internal sealed class OrchestratorParts
{
    public OrchestratorParts(OrchestrationStore store, IManagementCanister management, ICyclesLedger ledger, OrchestratorConfig config,
        OrchestratorMetrics metrics, ILogger logger, TimeProvider time, ICommitObserver observer)
    {
        Store = store;
        Config = config;
        Metrics = metrics;
        Persistence = new Persistence(store, observer);
        Transitions = new TransitionLog(logger);
        Ids = new IdGenerator(time);
        Background = new BackgroundWork(e => logger.LogBackgroundFailure(e, e.Message));

        // Every IC call gets a client span (a no-op without a listener) and goes through the retry policy.
        var tracedManagement = new TracedManagementCanister(management);
        var retry = new IcRetry(config.Retry, time, metrics);
        var calls = new CanisterCalls(tracedManagement, retry);
        Creator = new CanisterCreator(config, Ids, time, metrics, retry, new TracedCyclesLedger(ledger), tracedManagement);

        Canisters = new PoolCanisters(Persistence, Transitions, logger,
            canisters => new CanisterReset(config.Pool, calls, metrics, Transitions, canisters));
        var resetWorker = new ResetWorker(Persistence, metrics, Canisters, Background);
        var occupancy = new PoolOccupancy(Persistence);
        var refill = new PoolRefill(config.Pool, Persistence, Transitions, logger, time, Creator, Canisters, occupancy);
        Admin = new PoolAdmin(Persistence, Transitions, metrics, time, calls, config.Retry, Canisters, refill, resetWorker);

        var recorder = new AttemptRecorder(Persistence, Canisters, Transitions);
        var steps = new AttemptSteps(
            new AllocationStep(Creator, recorder, metrics),
            new CreationStep(Creator, Persistence, recorder, time, metrics),
            new ControllersStep(config.Controllers, calls, recorder, time, metrics),
            new InstallationStep(calls, config.Retry.MaxAttempts, recorder, metrics),
            new CompensationStep(occupancy, config.Pool.MaximumSize, calls, recorder, metrics, resetWorker.Request));
        Attempts = new AttemptRunner(config.Roles, Persistence, logger, steps);
        Starter = new AttemptStarter(config.Roles, Persistence, recorder, metrics, Ids, time, Attempts);
        Scaling = new WorkerScaling(config.Scaling, Persistence, Transitions, metrics, logger, calls, Starter);
        Maintenance = new PeriodicCheck(config.Pool.CheckInterval, time, logger, refill, resetWorker, Attempts, Scaling, Background);
        Completion = new AttemptCompletion(Persistence, Attempts, Maintenance.Trigger);
        Recovery = new StartupRecovery(Persistence, logger, Canisters, Attempts);
    }

    public OrchestrationStore Store { get; }
    public OrchestratorConfig Config { get; }
    public OrchestratorMetrics Metrics { get; }
    public Persistence Persistence { get; }
    public TransitionLog Transitions { get; }
    public IdGenerator Ids { get; }
    public BackgroundWork Background { get; }
    public CanisterCreator Creator { get; }
    public PoolCanisters Canisters { get; }
    public PoolAdmin Admin { get; }
    public AttemptRunner Attempts { get; }
    public AttemptStarter Starter { get; }
    public AttemptCompletion Completion { get; }
    public WorkerScaling Scaling { get; }
    public PeriodicCheck Maintenance { get; }
    public StartupRecovery Recovery { get; }

    /// <summary>
    /// Before any machine runs: ids and created_at_times continue above what the database holds (whatever the clock says
    /// now), every role has its budget, then the start-up recovery resumes what was left unfinished.
    /// </summary>
    public RecoveryReport Start()
    {
        var (attempts, creations, createdAt) = Persistence.Read(r =>
            (r.Attempts.MaxNumericId(), r.Creations.MaxNumericId(), r.Creations.MaxCreatedAtTime()));
        Ids.ContinueAbove(Math.Max(attempts, creations));
        Creator.ContinueAbove(createdAt);
        Persistence.Commit(tx =>
        {
            foreach (var role in Config.Roles.Values) tx.Reservations.TryCreateBudget(role.Name, role.Budget);
        });
        return Recovery.Run();
    }

    /// <summary>Stops the periodic check and every machine, awaiting their running states.</summary>
    public async Task StopAsync()
    {
        await Background.StopAsync().ConfigureAwait(false);
        await Attempts.StopAllAsync().ConfigureAwait(false);
        await Canisters.StopAllAsync().ConfigureAwait(false);
    }
}
