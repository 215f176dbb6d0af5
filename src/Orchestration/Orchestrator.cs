using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Orchestration.Ic;

namespace Canic.Fsm.Orchestration;

/// <summary>
/// The orchestrator: opens the store, recovers every unfinished record, runs the pool canister and
/// provisioning machines and the periodic pool check, and answers admin commands and state queries.
/// Open it with <see cref="OpenAsync"/>; stop it with <see cref="StopAsync"/> (or dispose it).
/// </summary>
public sealed class Orchestrator : IAsyncDisposable
{
    private Orchestrator() { }

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
        => throw new NotImplementedException();

    /// <summary>How many unfinished records the start-up recovery resumed.</summary>
    public int ResumedRecords => throw new NotImplementedException();

    /// <summary>Raised (on an orchestrator thread) after every committed state change of interest, for logging.</summary>
    public event EventHandler<OrchestratorTransition>? Transition
    {
        add => throw new NotImplementedException();
        remove => throw new NotImplementedException();
    }

    /// <summary>Stops the periodic check and every machine, awaiting their running states. Idempotent.</summary>
    public Task StopAsync() => throw new NotImplementedException();

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    // ---- pool ----

    /// <summary>Counts of the pool per state.</summary>
    public PoolSummaryView GetPoolSummary() => throw new NotImplementedException();

    /// <summary>Pool entries, oldest first, optionally of one status.</summary>
    /// <param name="status">A status name (case-insensitive), or null for all.</param>
    /// <param name="offset">The index of the first entry.</param>
    /// <param name="limit">The page size (1 to 1,000).</param>
    /// <exception cref="OrchestratorInputException">Unknown status, negative offset or bad limit.</exception>
    public PageView<PoolEntryView> ListPoolEntries(string? status = null, int offset = 0, int limit = 100)
        => throw new NotImplementedException();

    /// <summary>One pool entry, or null when the principal is not in the pool.</summary>
    /// <param name="pid">The canister's textual principal.</param>
    /// <exception cref="OrchestratorInputException">The principal is invalid.</exception>
    public PoolEntryView? GetPoolEntry(string pid) => throw new NotImplementedException();

    /// <summary>Creation records, newest first, optionally of one state (Intent, Created, Blocked).</summary>
    /// <param name="state">A state name (case-insensitive), or null for all.</param>
    /// <param name="offset">The index of the first record.</param>
    /// <param name="limit">The page size (1 to 1,000).</param>
    public PageView<CreationView> ListCreations(string? state = null, int offset = 0, int limit = 100)
        => throw new NotImplementedException();

    /// <summary>Runs a pool admin command with the seed's semantics and counts.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the wait (the command's committed effects stay).</param>
    /// <exception cref="OrchestratorInputException">An invalid principal, or a Recycle of a canister that is not registered.</exception>
    public Task<PoolAdminResponse> PoolAdminAsync(PoolAdminCommand command, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    /// <summary>Asks for a periodic pool check now (pending creations, one reset batch, refill, scale-out).</summary>
    public void TriggerPoolCheck() => throw new NotImplementedException();

    // ---- provisioning ----

    /// <summary>
    /// Starts a provisioning attempt for <paramref name="role"/> and returns its id once its first
    /// commit (module resolved, cycles reserved) is done; the rest runs in the background.
    /// </summary>
    /// <param name="role">A configured role.</param>
    /// <param name="parent">The parent's textual principal (added to the controllers), or null.</param>
    /// <param name="cancellationToken">Cancels the request before its first commit.</param>
    /// <exception cref="OrchestratorInputException">Unknown role, invalid parent, or the role's budget cannot cover the cycles (nothing written).</exception>
    public Task<long> ProvisionAsync(string role, string? parent = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    /// <summary>Waits until the attempt is Committed, Failed or Blocked, and returns it.</summary>
    /// <param name="attemptId">The attempt's id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="OrchestratorInputException">No attempt has this id.</exception>
    public Task<AttemptView> WaitForAttemptAsync(long attemptId, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    /// <summary>Provisioning attempts, newest first, optionally of one state.</summary>
    /// <param name="state">A state name (case-insensitive), or null for all.</param>
    /// <param name="offset">The index of the first attempt.</param>
    /// <param name="limit">The page size (1 to 1,000).</param>
    public PageView<AttemptView> ListAttempts(string? state = null, int offset = 0, int limit = 100)
        => throw new NotImplementedException();

    /// <summary>One attempt with its transition history, or null when unknown.</summary>
    /// <param name="attemptId">The attempt's id.</param>
    public AttemptView? GetAttempt(long attemptId) => throw new NotImplementedException();

    /// <summary>Every cycles budget.</summary>
    public IReadOnlyList<BudgetView> ListBudgets() => throw new NotImplementedException();

    /// <summary>Reservations, newest first, optionally only the open ones.</summary>
    /// <param name="openOnly">True for the open reservations only.</param>
    /// <param name="offset">The index of the first reservation.</param>
    /// <param name="limit">The page size (1 to 1,000).</param>
    public PageView<ReservationView> ListReservations(bool openOnly = false, int offset = 0, int limit = 100)
        => throw new NotImplementedException();

    // ---- scaling ----

    /// <summary>
    /// Creates a worker in <paramref name="pool"/> if the scaling policy allows it (counting workers
    /// still being created); the worker is provisioned in the background and registered on commit.
    /// </summary>
    /// <param name="pool">A configured scaling pool.</param>
    /// <param name="cancellationToken">Cancels the request before its first commit.</param>
    /// <exception cref="OrchestratorInputException">Unknown pool, or its role's budget cannot cover the cycles.</exception>
    public Task<CreateWorkerResult> CreateWorkerAsync(string pool, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    /// <summary>Every scaling pool with its workers in creation order and its current worker.</summary>
    public IReadOnlyList<ScalingPoolView> ListScalingPools() => throw new NotImplementedException();

    /// <summary>One scaling pool, or null when not configured.</summary>
    /// <param name="pool">The pool's name.</param>
    public ScalingPoolView? GetScalingPool(string pool) => throw new NotImplementedException();

    // ---- charts ----

    /// <summary>The declared state charts of the orchestrator's machines.</summary>
    public IReadOnlyList<MachineChartView> GetCharts() => throw new NotImplementedException();
}
