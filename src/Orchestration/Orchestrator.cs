using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Canic.Fsm.Orchestration;

/// <summary>
/// The orchestrator: opens the store, recovers every unfinished record, runs the pool canister and
/// provisioning machines and the periodic pool check, and answers admin commands and state queries.
/// Open it with <see cref="OpenAsync"/>; stop it with <see cref="StopAsync"/> (or dispose it).
/// </summary>
/// <remarks>
/// A facade: the object graph is built by <see cref="OrchestratorParts"/>, the read side answered by
/// <see cref="OrchestratorQueries"/>, the commands run by <see cref="OrchestratorCommands"/>.
/// </remarks>
public sealed class Orchestrator : IAsyncDisposable
{
    private readonly OrchestratorQueries _queries;
    private readonly OrchestratorCommands _commands;
    private int _stopped;

    private Orchestrator(OrchestratorParts parts)
    {
        Parts = parts;
        _queries = new OrchestratorQueries(parts.Persistence, parts.Config, parts.Canisters);
        _commands = new OrchestratorCommands(parts.Admin, parts.Maintenance, parts.Starter, parts.Completion, parts.Scaling, _queries);
    }

    /// <summary>
    /// Opens the store at <paramref name="databasePath"/> (migrating it), releases reservations of
    /// finished attempts, resumes every unfinished record, then starts the machines and the periodic check.
    /// </summary>
    /// <param name="settings">The validated settings (pool, roles, budgets, scaling pools, principal).</param>
    /// <param name="databasePath">The SQLite file (created when absent).</param>
    /// <param name="management">The IC management canister port.</param>
    /// <param name="ledger">The cycles ledger port (canister creation on mainnet).</param>
    /// <param name="services">Logging, time and metrics; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    public static Task<Orchestrator> OpenAsync(
        OrchestratorSettings settings, string databasePath, IManagementCanister management, ICyclesLedger ledger,
        OrchestratorServices? services = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services ??= new OrchestratorServices();
        return OpenWithConfigAsync(OrchestratorConfigMapping.From(settings, services.CreationFee), databasePath, management, ledger, services, cancellationToken);
    }

    /// <summary>
    /// Opens from the workflows' configuration. <paramref name="observer"/> sees every unit of work (the crash-point sweep
    /// and the commit-failure tests); <paramref name="runPeriodicCheck"/> false leaves the checks to the caller (tests and
    /// benchmarks drive them).
    /// </summary>
    internal static async Task<Orchestrator> OpenWithConfigAsync(OrchestratorConfig config, string databasePath, IManagementCanister management, ICyclesLedger ledger,
        OrchestratorServices services, CancellationToken cancellationToken, ICommitObserver? observer = null, bool runPeriodicCheck = true)
    {
        ArgumentNullException.ThrowIfNull(management);
        ArgumentNullException.ThrowIfNull(ledger);
        cancellationToken.ThrowIfCancellationRequested();
        var time = services.TimeProvider ?? TimeProvider.System;
        var logger = (services.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<Orchestrator>();
        var store = OrchestrationStore.Open(databasePath, new StoreOptions { Time = time });
        Orchestrator? orchestrator = null;
        try
        {
            var metrics = new OrchestratorMetrics(services.MeterFactory);
            orchestrator = new Orchestrator(new OrchestratorParts(store, management, ledger, config, metrics, logger, time, observer ?? NoCommitObserver.Instance));
            orchestrator.Recovery = orchestrator.Parts.Start();
            if (runPeriodicCheck) orchestrator.Parts.Maintenance.Start();
            return orchestrator;
        }
        catch
        {
            // Machines already started by the recovery are stopped too; the store is closed either way.
            if (orchestrator is not null) await orchestrator.StopAsync().ConfigureAwait(false);
            store.Dispose();
            throw;
        }
    }

    /// <summary>The object graph, for the test harness and the benchmarks (probes such as quiescence live with them).</summary>
    internal OrchestratorParts Parts { get; }

    internal Recovery.RecoveryReport Recovery { get; private set; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>How many unfinished records the start-up recovery resumed.</summary>
    public int ResumedRecords => Recovery.Total;

    /// <summary>Raised (on an orchestrator thread) after every committed state change of interest, for logging.</summary>
    public event EventHandler<OrchestratorTransition>? Transition
    {
        add => Parts.Transitions.Transitioned += value;
        remove => Parts.Transitions.Transitioned -= value;
    }

    /// <summary>
    /// Raised on a pool canister machine's loop for every state it enters, in the words of its chart (<c>Resetting</c>,
    /// <c>Claimed(42)</c>), with <see cref="OrchestratorTransition.Machine"/> the chart's name (<c>pool-canister</c>) and
    /// the cause as reason. Not persisted; handlers must be quick.
    /// </summary>
    public event EventHandler<OrchestratorTransition>? MachineTransition
    {
        add => Parts.Transitions.MachineTransitioned += value;
        remove => Parts.Transitions.MachineTransitioned -= value;
    }

    /// <summary>Stops the periodic check and every machine, awaiting their running states. Idempotent.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        await Parts.StopAsync().ConfigureAwait(false);
        Parts.Metrics.Dispose();
        Parts.Store.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    // ---- pool ----

    /// <summary>Counts of the pool per state.</summary>
    public PoolSummaryView GetPoolSummary() => _queries.GetPoolSummary();

    /// <summary>Pool entries, oldest first, optionally of one status.</summary>
    /// <param name="status">A status name (case-insensitive), or null for all.</param>
    /// <param name="offset">The index of the first entry.</param>
    /// <param name="limit">The page size (1 to 1,000).</param>
    /// <exception cref="OrchestratorInputException">Unknown status, negative offset or bad limit.</exception>
    public PageView<PoolEntryView> ListPoolEntries(string? status = null, int offset = 0, int limit = 100) =>
        _queries.ListPoolEntries(status, offset, limit);

    /// <summary>One pool entry, or null when the principal is not in the pool.</summary>
    /// <param name="pid">The canister's textual principal.</param>
    /// <exception cref="OrchestratorInputException">The principal is invalid.</exception>
    public PoolEntryView? GetPoolEntry(string pid) => _queries.GetPoolEntry(pid);

    /// <summary>Creation records, newest first, optionally of one state (Intent, Created, Blocked, Failed).</summary>
    /// <param name="state">A state name (case-insensitive), or null for all.</param>
    /// <param name="offset">The index of the first record.</param>
    /// <param name="limit">The page size (1 to 1,000).</param>
    public PageView<CreationView> ListCreations(string? state = null, int offset = 0, int limit = 100) =>
        _queries.ListCreations(state, offset, limit);

    /// <summary>Runs a pool admin command with the seed's semantics and counts.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the wait (the command's committed effects stay).</param>
    /// <exception cref="OrchestratorInputException">An invalid principal, or a Recycle of a canister that is not registered.</exception>
    /// <exception cref="CreationNotCompletedException">A CreateEmpty whose creation did not complete during the command.</exception>
    public Task<PoolAdminResponse> PoolAdminAsync(PoolAdminCommand command, CancellationToken cancellationToken = default) =>
        _commands.PoolAdminAsync(command, cancellationToken);

    /// <summary>Asks for a periodic pool check now (pending creations, one reset batch, refill, scale-out).</summary>
    public void TriggerPoolCheck() => _commands.TriggerPoolCheck();

    // ---- provisioning ----

    /// <summary>
    /// Starts a provisioning attempt for <paramref name="role"/> and returns its id once its first
    /// commit (module resolved, cycles reserved) is done; the rest runs in the background.
    /// </summary>
    /// <param name="role">A configured role.</param>
    /// <param name="parent">The parent's textual principal (added to the controllers), or null.</param>
    /// <param name="cancellationToken">Cancels the request before its first commit.</param>
    /// <exception cref="OrchestratorInputException">Unknown role, invalid parent, a singleton role that has a registered canister or an
    /// attempt in flight, or the role's budget cannot cover the cycles (nothing written).</exception>
    public Task<long> ProvisionAsync(string role, string? parent = null, CancellationToken cancellationToken = default) =>
        _commands.ProvisionAsync(role, parent, cancellationToken);

    /// <summary>Waits until the attempt is Committed, Failed or Blocked, and returns it.</summary>
    /// <param name="attemptId">The attempt's id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="OrchestratorInputException">No attempt has this id.</exception>
    public Task<AttemptView> WaitForAttemptAsync(long attemptId, CancellationToken cancellationToken = default) =>
        _commands.WaitForAttemptAsync(attemptId, cancellationToken);

    /// <summary>Provisioning attempts, newest first, optionally of one state.</summary>
    /// <param name="state">A state name (case-insensitive), or null for all.</param>
    /// <param name="offset">The index of the first attempt.</param>
    /// <param name="limit">The page size (1 to 1,000).</param>
    public PageView<AttemptView> ListAttempts(string? state = null, int offset = 0, int limit = 100) =>
        _queries.ListAttempts(state, offset, limit);

    /// <summary>One attempt with its transition history, or null when unknown.</summary>
    /// <param name="attemptId">The attempt's id.</param>
    public AttemptView? GetAttempt(long attemptId) => _queries.GetAttempt(attemptId);

    /// <summary>Every cycles budget.</summary>
    public IReadOnlyList<BudgetView> ListBudgets() => _queries.ListBudgets();

    /// <summary>Reservations, newest first, optionally only the open ones.</summary>
    /// <param name="openOnly">True for the open reservations only.</param>
    /// <param name="offset">The index of the first reservation.</param>
    /// <param name="limit">The page size (1 to 1,000).</param>
    public PageView<ReservationView> ListReservations(bool openOnly = false, int offset = 0, int limit = 100) =>
        _queries.ListReservations(openOnly, offset, limit);

    // ---- scaling ----

    /// <summary>
    /// Creates a worker in <paramref name="pool"/> if the scaling policy allows it (counting workers
    /// still being created); the worker is provisioned in the background and registered on commit.
    /// </summary>
    /// <param name="pool">A configured scaling pool.</param>
    /// <param name="cancellationToken">Cancels the request before its first commit.</param>
    /// <exception cref="OrchestratorInputException">Unknown pool, or its role's budget cannot cover the cycles.</exception>
    public Task<CreateWorkerResult> CreateWorkerAsync(string pool, CancellationToken cancellationToken = default) =>
        _commands.CreateWorkerAsync(pool, cancellationToken);

    /// <summary>Every scaling pool with its workers in creation order and its current worker.</summary>
    public IReadOnlyList<ScalingPoolView> ListScalingPools() => _queries.ListScalingPools();

    /// <summary>One scaling pool, or null when not configured.</summary>
    /// <param name="pool">The pool's name.</param>
    public ScalingPoolView? GetScalingPool(string pool) => _queries.GetScalingPool(pool);

    // ---- charts ----

    /// <summary>The declared state charts of the orchestrator's machines.</summary>
    public IReadOnlyList<MachineChartView> GetCharts() => OrchestratorQueries.GetCharts();
}
