using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Orchestration.Creation;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Maintenance;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Pool;
using Canic.Fsm.Orchestration.Provisioning;
using Canic.Fsm.Orchestration.Recovery;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Scaling;
using Canic.Fsm.Orchestration.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Canic.Fsm.Orchestration;

/// <summary>
/// The orchestrator: opens the store, recovers every unfinished record, runs the pool canister and
/// provisioning machines and the periodic pool check, and answers admin commands and state queries.
/// Open it with <see cref="OpenAsync"/>; stop it with <see cref="StopAsync"/> (or dispose it).
/// </summary>
public sealed class Orchestrator : IAsyncDisposable
{
    private readonly OrchestratorContext _context;
    private readonly BackgroundWork _background;
    private readonly PoolCanisters _canisters;
    private readonly PoolAdmin _admin;
    private readonly PeriodicCheck _maintenance;
    private readonly AttemptRunner _attempts;
    private readonly AttemptStarter _starter;
    private readonly WorkerScaling _scaling;
    private readonly CanisterCreator _creator;
    private readonly bool _ownsMetrics;
    private int _stopped;

    private Orchestrator(OrchestratorContext context, bool ownsMetrics)
    {
        _context = context;
        _ownsMetrics = ownsMetrics;
        _background = new BackgroundWork(e => context.Logger.LogBackgroundFailure(e, e.Message));
        _canisters = new PoolCanisters(context);
        var resetWorker = new ResetWorker(context, _canisters, _background);
        var creator = new CanisterCreator(context);
        _creator = creator;
        var occupancy = new PoolOccupancy(context);
        var refill = new PoolRefill(context, creator, _canisters, occupancy);
        _attempts = new AttemptRunner(context, new AttemptWorkflow(context, creator, _canisters, occupancy, resetWorker.Request));
        _starter = new AttemptStarter(context, _attempts);
        _scaling = new WorkerScaling(context, _starter);
        _admin = new PoolAdmin(context, _canisters, refill, resetWorker);
        _maintenance = new PeriodicCheck(context, refill, resetWorker, _attempts, _scaling, _background);
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

    internal static async Task<Orchestrator> OpenWithConfigAsync(OrchestratorConfig config, string databasePath, IManagementCanister management, ICyclesLedger ledger,
        OrchestratorServices services, CancellationToken cancellationToken)
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
            var context = new OrchestratorContext(store, management, ledger, config, metrics, logger, time, services.Hooks ?? NoHooks.Instance);
            orchestrator = new Orchestrator(context, ownsMetrics: true);
            orchestrator.ContinueIdsAboveTheDatabase();
            orchestrator.EnsureBudgets();
            orchestrator.Recovery = new StartupRecovery(context, orchestrator._canisters, orchestrator._attempts).Run();
            if (services.RunPeriodicCheck) orchestrator._maintenance.Start();
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

    internal RecoveryReport Recovery { get; private set; } = new(0, 0, 0, 0, 0, 0);

    internal OrchestratorContext Context => _context;

    internal PoolCanisters PoolMachines => _canisters;

    /// <summary>How many unfinished records the start-up recovery resumed.</summary>
    public int ResumedRecords => Recovery.Total;

    /// <summary>Raised (on an orchestrator thread) after every committed state change of interest, for logging.</summary>
    public event EventHandler<OrchestratorTransition>? Transition
    {
        add => _context.Transitioned += value;
        remove => _context.Transitioned -= value;
    }

    /// <summary>
    /// Raised on a pool canister machine's loop for every state it enters, in the words of its chart (<c>Resetting</c>,
    /// <c>Claimed(42)</c>), with <see cref="OrchestratorTransition.Machine"/> the chart's name (<c>pool-canister</c>) and
    /// the cause as reason. Not persisted; handlers must be quick.
    /// </summary>
    public event EventHandler<OrchestratorTransition>? MachineTransition
    {
        add => _context.MachineTransitioned += value;
        remove => _context.MachineTransitioned -= value;
    }

    /// <summary>Stops the periodic check and every machine, awaiting their running states. Idempotent.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        await _background.StopAsync().ConfigureAwait(false);
        await _attempts.StopAllAsync().ConfigureAwait(false);
        await _canisters.StopAllAsync().ConfigureAwait(false);
        if (_ownsMetrics) _context.Metrics.Dispose();
        _context.Store.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    // ---- pool ----

    /// <summary>Counts of the pool per state.</summary>
    public PoolSummaryView GetPoolSummary()
    {
        var (counts, intents, blocked) = _context.Store.Read(r =>
            (r.Pool.CountByStatus(), r.Creations.Count(CreationState.Intent), r.Creations.Count(CreationState.Blocked)));
        return new PoolSummaryView(counts.ToDictionary(c => c.Key.ToString(), c => c.Value), counts.Values.Sum(), counts[PoolEntryStatus.Ready],
            _context.Config.Pool.MinimumSize, _context.Config.Pool.MaximumSize, intents, blocked);
    }

    /// <summary>Pool entries, oldest first, optionally of one status.</summary>
    /// <param name="status">A status name (case-insensitive), or null for all.</param>
    /// <param name="offset">The index of the first entry.</param>
    /// <param name="limit">The page size (1 to 1,000).</param>
    /// <exception cref="OrchestratorInputException">Unknown status, negative offset or bad limit.</exception>
    public PageView<PoolEntryView> ListPoolEntries(string? status = null, int offset = 0, int limit = 100)
    {
        PagingGuard.Check(offset, limit);
        var filter = PagingGuard.ParseState<PoolEntryStatus>(status, "status");
        return _context.Store.Read(r =>
        {
            var counts = r.Pool.CountByStatus();
            var total = filter is { } f ? counts[f] : counts.Values.Sum();
            var items = new List<PoolEntryView>();
            var skipped = 0;
            PoolCursor? cursor = null;
            do
            {
                var page = r.Pool.Page(filter, cursor, PagingGuard.MaxLimit);
                foreach (var entry in page.Items)
                {
                    if (skipped++ < offset) continue;
                    if (items.Count < limit) items.Add(entry.ToView(_canisters.StateOf(entry.Pid)));
                }
                cursor = page.Next;
            } while (cursor is not null && items.Count < limit);
            return new PageView<PoolEntryView>(items, total, offset, limit);
        });
    }

    /// <summary>One pool entry, or null when the principal is not in the pool.</summary>
    /// <param name="pid">The canister's textual principal.</param>
    /// <exception cref="OrchestratorInputException">The principal is invalid.</exception>
    public PoolEntryView? GetPoolEntry(string pid)
    {
        var principal = PrincipalInput.Parse(pid, "pid");
        return _context.Store.Read(r => r.Pool.Get(principal))?.ToView(_canisters.StateOf(principal));
    }

    /// <summary>Creation records, newest first, optionally of one state (Intent, Created, Blocked, Failed).</summary>
    /// <param name="state">A state name (case-insensitive), or null for all.</param>
    /// <param name="offset">The index of the first record.</param>
    /// <param name="limit">The page size (1 to 1,000).</param>
    public PageView<CreationView> ListCreations(string? state = null, int offset = 0, int limit = 100)
    {
        PagingGuard.Check(offset, limit);
        var filter = PagingGuard.ParseState<CreationState>(state, "state");
        var page = _context.Store.Read(r => r.Creations.Page(filter, offset, limit));
        return new PageView<CreationView>(page.Items.Select(c => c.ToView()).ToList(), page.Total, offset, limit);
    }

    /// <summary>Runs a pool admin command with the seed's semantics and counts.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the wait (the command's committed effects stay).</param>
    /// <exception cref="OrchestratorInputException">An invalid principal, or a Recycle of a canister that is not registered.</exception>
    /// <exception cref="CreationNotCompletedException">A CreateEmpty whose creation did not complete during the command.</exception>
    public async Task<PoolAdminResponse> PoolAdminAsync(PoolAdminCommand command, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _admin.RunAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (CreationIncompleteException e)
        {
            throw new CreationNotCompletedException(e.Record.ToView(), e.Message);
        }
    }

    /// <summary>Asks for a periodic pool check now (pending creations, one reset batch, refill, scale-out).</summary>
    public void TriggerPoolCheck() => _maintenance.Trigger();

    /// <summary>Attempt machines running now (tests).</summary>
    internal int RunningAttempts => _attempts.Running;

    /// <summary>Pool check passes started so far (tests).</summary>
    internal int PoolCheckPasses => _maintenance.Passes;

    /// <summary>Waits until no background work (triggered checks included) runs (tests).</summary>
    internal Task WhenBackgroundIdleAsync() => _background.WhenIdleAsync();

    /// <summary>Runs one pool check and waits for it (tests and tools).</summary>
    internal Task CheckOnceAsync(CancellationToken cancellationToken = default) => _maintenance.CheckAsync(cancellationToken);

    /// <summary>Runs checks until a pass changes nothing and no machine or background work runs.</summary>
    internal async Task RunToQuiescenceAsync(int maxPasses = 50)
    {
        for (var pass = 0; pass < maxPasses; pass++)
        {
            var before = _context.Commits;
            await _maintenance.CheckAsync(CancellationToken.None).ConfigureAwait(false);
            await _attempts.WhenAllSettledAsync().ConfigureAwait(false);
            await _background.WhenIdleAsync().ConfigureAwait(false);
            if (_context.Commits == before && _attempts.Running == 0 && _canisters.Resetting == 0) return;
        }
        throw new TimeoutException($"The orchestrator did not reach quiescence within {maxPasses} passes.");
    }

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
    public async Task<long> ProvisionAsync(string role, string? parent = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var attempt = await _starter.StartAsync(role, parent).ConfigureAwait(false);
        return RecordId.ToNumber(attempt.Id)!.Value;
    }

    private static readonly TimeSpan StalledAttemptPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits until the attempt is Committed, Failed or Blocked, and returns it.</summary>
    /// <param name="attemptId">The attempt's id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="OrchestratorInputException">No attempt has this id.</exception>
    public async Task<AttemptView> WaitForAttemptAsync(long attemptId, CancellationToken cancellationToken = default)
    {
        var id = RecordId.ToText(attemptId);
        while (true)
        {
            var view = GetAttempt(attemptId) ?? throw new OrchestratorInputException("attemptId", $"No provisioning attempt has id {attemptId}.");
            if (view.IsFinished) return view;
            var settled = _attempts.WhenSettledAsync(id);
            if (settled.IsCompleted)
            {
                // Not finished and no machine: it stalled. Ask the pool check to resume it and look again a
                // little later, rather than spinning while the IC stays unavailable.
                _maintenance.Trigger();
                await Task.Delay(StalledAttemptPoll, cancellationToken).ConfigureAwait(false);
                continue;
            }
            await settled.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Provisioning attempts, newest first, optionally of one state.</summary>
    /// <param name="state">A state name (case-insensitive), or null for all.</param>
    /// <param name="offset">The index of the first attempt.</param>
    /// <param name="limit">The page size (1 to 1,000).</param>
    public PageView<AttemptView> ListAttempts(string? state = null, int offset = 0, int limit = 100)
    {
        PagingGuard.Check(offset, limit);
        var filter = PagingGuard.ParseState<AttemptState>(state, "state");
        var (items, total) = _context.Store.Read(r =>
        {
            var page = r.Attempts.Page(filter, offset, limit);
            return (page.Items.Select(a => a.ToView(null, a.ReservationId is { } res ? r.Reservations.Get(res) : null)).ToList(), page.Total);
        });
        return new PageView<AttemptView>(items, total, offset, limit);
    }

    /// <summary>One attempt with its transition history, or null when unknown.</summary>
    /// <param name="attemptId">The attempt's id.</param>
    public AttemptView? GetAttempt(long attemptId)
    {
        var id = RecordId.ToText(attemptId);
        return _context.Store.Read(r => r.Attempts.Get(id) is { } a
            ? a.ToView(r.Attempts.History(id), a.ReservationId is { } res ? r.Reservations.Get(res) : null)
            : null);
    }

    /// <summary>Every cycles budget.</summary>
    public IReadOnlyList<BudgetView> ListBudgets() => _context.Store.Read(r => _context.Config.Roles.Keys.Order(StringComparer.Ordinal)
        .Select(id => r.Reservations.GetBudget(id) is { } b ? b.ToView(r.Reservations.Check(id)) : null).OfType<BudgetView>().ToList());

    /// <summary>Reservations, newest first, optionally only the open ones.</summary>
    /// <param name="openOnly">True for the open reservations only.</param>
    /// <param name="offset">The index of the first reservation.</param>
    /// <param name="limit">The page size (1 to 1,000).</param>
    public PageView<ReservationView> ListReservations(bool openOnly = false, int offset = 0, int limit = 100)
    {
        PagingGuard.Check(offset, limit);
        var page = _context.Store.Read(r => r.Reservations.Page(openOnly, offset, limit));
        return new PageView<ReservationView>(page.Items.Select(x => x.ToView()).ToList(), page.Total, offset, limit);
    }

    // ---- scaling ----

    /// <summary>
    /// Creates a worker in <paramref name="pool"/> if the scaling policy allows it (counting workers
    /// still being created); the worker is provisioned in the background and registered on commit.
    /// </summary>
    /// <param name="pool">A configured scaling pool.</param>
    /// <param name="cancellationToken">Cancels the request before its first commit.</param>
    /// <exception cref="OrchestratorInputException">Unknown pool, or its role's budget cannot cover the cycles.</exception>
    public Task<CreateWorkerResult> CreateWorkerAsync(string pool, CancellationToken cancellationToken = default) =>
        _scaling.CreateWorkerAsync(pool, cancellationToken);

    /// <summary>Every scaling pool with its workers in creation order and its current worker.</summary>
    public IReadOnlyList<ScalingPoolView> ListScalingPools() =>
        _context.Config.Scaling?.Pools.Keys.Order(StringComparer.Ordinal).Select(p => GetScalingPool(p)!).ToList() ?? [];

    /// <summary>One scaling pool, or null when not configured.</summary>
    /// <param name="pool">The pool's name.</param>
    public ScalingPoolView? GetScalingPool(string pool)
    {
        if (pool is null || _context.Config.Scaling?.Pools.TryGetValue(pool, out var config) != true) return null;
        var workers = _context.Store.Read(r => r.ScalingWorkers.ListByPool(pool)).OrderBy(w => w.Seq).ToList();
        var current = workers.LastOrDefault(w => w.IsCurrent && w.Status == ScalingWorkerStatus.Registered);
        var views = workers.Select((w, i) => new ScalingWorkerView(i, w.IsCurrent ? w.Status.ToString() : "Retired", w.Pid?.ToString(),
            RecordId.ToNumber(w.AttemptId), ReferenceEquals(w, current), w.PlannedAt)).ToList();
        return new ScalingPoolView(pool, config!.CanisterRole, config.MinWorkers, config.MaxWorkers, (long?)config.CapacityBytes,
            current?.Pid?.ToString(), views);
    }

    // ---- charts ----

    /// <summary>The declared state charts of the orchestrator's machines.</summary>
    public IReadOnlyList<MachineChartView> GetCharts() =>
    [
        new(PoolCanisterMachine.Chart.Name, PoolCanisterMachine.Chart.ToMermaid(), PoolCanisterMachine.Chart.ToDot()),
        new(AttemptMachine.Chart.Name, AttemptMachine.Chart.ToMermaid(), AttemptMachine.Chart.ToDot()),
    ];

    /// <summary>Ids and created_at_times continue above what the database holds, whatever the clock says now.</summary>
    private void ContinueIdsAboveTheDatabase()
    {
        var (attempts, creations, createdAt) = _context.Store.Read(r =>
            (r.Attempts.MaxNumericId(), r.Creations.MaxNumericId(), r.Creations.MaxCreatedAtTime()));
        _context.Ids.ContinueAbove(Math.Max(attempts, creations));
        _creator.ContinueAbove(createdAt);
    }

    private void EnsureBudgets() => _context.Commit(tx =>
    {
        foreach (var role in _context.Config.Roles.Values) tx.Reservations.TryCreateBudget(role.Name, role.Budget);
    });
}
