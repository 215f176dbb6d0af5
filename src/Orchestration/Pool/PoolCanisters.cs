using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Store;

namespace Canic.Fsm.Orchestration.Pool;

/// <summary>
/// The pool canister machines, exactly one per pool row: started for every row at start-up and for each row
/// created later, stopped when a row is removed. Every change of a row is committed first and then published
/// to its machine (<see cref="Commit{T}"/>), stamped with its commit order so that the machine follows the
/// store even when notifications of two threads cross.
/// </summary>
internal sealed class PoolCanisters
{
    private readonly ConcurrentDictionary<Principal, PoolCanisterMachine> _machines = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Persistence _persistence;
    private readonly TransitionLog _transitions;
    private readonly ILogger _logger;
    private long _sequence;
    private int _resetting;

    /// <param name="persistence">The store's units of work; every pool row change is committed there first.</param>
    /// <param name="transitions">Where the states the machines enter are reported.</param>
    /// <param name="logger">Where machine faults are logged.</param>
    /// <param name="resetFor">Builds the reset the machines run (it records its outcome through these machines).</param>
    public PoolCanisters(Persistence persistence, TransitionLog transitions, ILogger logger, Func<PoolCanisters, CanisterReset> resetFor)
    {
        _persistence = persistence;
        _transitions = transitions;
        _logger = logger;
        Reset = resetFor(this);
    }

    public CanisterReset Reset { get; }

    /// <summary>Live machines (one per pool row).</summary>
    public int Count => _machines.Count;

    /// <summary>Machines whose reset calls are in flight.</summary>
    public int Resetting => Volatile.Read(ref _resetting);

    /// <summary>Starts one machine per loaded row, in the row's persisted status (sequence 0: older than any later commit).</summary>
    public void StartAll(IEnumerable<PoolEntry> rows)
    {
        foreach (var row in rows) Publish(new PoolRowChange(row.Pid, row.Status, row.Reason, row.OperationId, 0));
    }

    /// <summary>Stamps a change with its commit order; call it inside the unit of work that makes the change.</summary>
    public PoolRowChange Stamp(Principal pid, PoolEntryStatus? status, string? reason, string? operationId) =>
        new(pid, status, reason, operationId, Interlocked.Increment(ref _sequence));

    /// <summary>Runs <paramref name="work"/> as one unit of work, then publishes the pool row changes it recorded.</summary>
    public T Commit<T>(Func<StoreTransaction, PoolChangeSet, T> work)
    {
        var changes = new PoolChangeSet(this);
        var result = _persistence.Commit(tx => work(tx, changes));
        Publish(changes.Changes);
        return result;
    }

    /// <summary>
    /// Like <see cref="Commit{T}"/>, through the store's group commit: the row changes are published only after
    /// the shared COMMIT, and the sequence numbers, taken on the single writer, still follow commit order.
    /// </summary>
    public async Task<T> CommitAsync<T>(Func<StoreTransaction, PoolChangeSet, T> work)
    {
        var changes = new PoolChangeSet(this);
        var result = await _persistence.CommitAsync(tx => work(tx, changes)).ConfigureAwait(false);
        Publish(changes.Changes);
        return result;
    }

    /// <summary>Like <see cref="Commit{T}"/>; returns the changes recorded.</summary>
    public IReadOnlyList<PoolRowChange> Commit(Action<StoreTransaction, PoolChangeSet> work)
    {
        PoolChangeSet? recorded = null;
        Commit<object?>((tx, set) => { recorded = set; work(tx, set); return null; });
        return recorded!.Changes;
    }

    /// <summary>
    /// Records a canister the IC has just created, inside the creation's unit of work. A row with its id can exist already:
    /// an import of an id that did not exist yet (ImportQueued does not ask the IC). That row is taken over, never left as it
    /// was, so a created canister is never unrecorded. A row owned by an attempt cannot name a canister created just now: the
    /// unit of work fails (and the creation stays Intent, resent and answered Duplicate) rather than give it two owners.
    /// </summary>
    public static void AdoptCreated(StoreTransaction tx, PoolChangeSet changes, PoolEntry created)
    {
        if (changes.Record(tx.Pool.TryInsert(created), created.Pid, created.Status, created.Reason, created.OperationId)) return;
        var existing = tx.Pool.Get(created.Pid)!;
        if (existing.Status is PoolEntryStatus.Claimed or PoolEntryStatus.Workload || tx.Registry.Get(created.Pid) is not null)
            throw new ConcurrencyConflictException($"pool entry {created.Pid} is owned ({existing.Status}) but the IC has just created that canister");
        StoreTransaction.Require(changes.Record(tx.Pool.UpsertPreservingMetadata(created, existing.Status), created.Pid, created.Status, created.Reason, created.OperationId),
            $"pool entry {created.Pid} ({existing.Status}, imported before it existed) -> {created.Status}");
    }

    /// <summary>Informs the rows' machines of committed changes: starts a machine for a new row, stops the one of a removed row.</summary>
    public void Publish(IReadOnlyList<PoolRowChange> changes)
    {
        foreach (var change in changes) Publish(change);
    }

    private void Publish(PoolRowChange change)
    {
        if (change.Status is null)
        {
            // Stopped elsewhere than on the caller's machine loop (a run must not await a stop).
            if (_machines.TryRemove(change.Pid, out var removed)) _ = removed.StopAsync();
            return;
        }
        if (_machines.TryGetValue(change.Pid, out var machine))
        {
            machine.Schedule(PoolCanisterMachine.Observe(change));
            return;
        }
        var fresh = new PoolCanisterMachine(this, change.Pid);
        fresh.Faulted.ContinueWith(t => Faulted(change.Pid, t.Result), TaskScheduler.Default);
        fresh.Transitioned += t => _transitions.ReportMachine(PoolCanisterMachine.Chart.Name, change.Pid.ToString(), t);
        fresh.Start(PoolCanisterMachine.Mirror(change));
        if (_machines.TryAdd(change.Pid, fresh)) return;
        _ = fresh.StopAsync();
        _machines[change.Pid].Schedule(PoolCanisterMachine.Observe(change));
    }

    /// <summary>Faults of pool machines so far, newest last (a fault is a bug: the machine no longer follows its row).</summary>
    internal ConcurrentQueue<string> Faults { get; } = new();

    private void Faulted(Principal pid, Exception fault)
    {
        Faults.Enqueue($"{pid}: {fault.Message}");
        _logger.LogBackgroundFailure(fault, $"pool canister machine {pid} faulted: {fault.Message}");
    }

    /// <summary>
    /// Resets the canister if its machine waits for a reset (PendingReset, Recycling), or joins the reset in
    /// flight. Null when nothing was reset (another change came first, interrupted, or stopping).
    /// </summary>
    public async Task<PoolResetResult?> ResetAsync(Principal pid)
    {
        if (!_machines.TryGetValue(pid, out var machine) || !machine.IsStarted) return null;
        var waiter = new TaskCompletionSource<PoolResetResult?>(TaskCreationOptions.RunContinuationsAsynchronously);
        machine.Schedule(PoolCanisterMachine.BeginReset(waiter));
        // A machine that faulted takes no more events: its waiter would never be answered.
        _ = machine.Faulted.ContinueWith(_ => waiter.TrySetResult(null), TaskScheduler.Default);
        try { return await waiter.Task.WaitAsync(_stopping.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested) { return null; }
    }

    /// <summary>The machine's current state (e.g. <c>Resetting</c>, <c>Claimed(42)</c>), or null when the pid has none.</summary>
    public string? StateOf(Principal pid) =>
        _machines.TryGetValue(pid, out var machine) ? machine.Query(s => s.ToString()) : null;

    /// <summary>The live machines, as they are now.</summary>
    public IEnumerable<PoolCanisterMachine> Machines => _machines.Values;

    internal void ResetStarted() => Interlocked.Increment(ref _resetting);

    internal void ResetEnded() => Interlocked.Decrement(ref _resetting);

    /// <summary>Stops every machine (their rows keep their persisted status); waiting resets return null.</summary>
    public async Task StopAllAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_machines.Values.Select(m => m.StopAsync())).ConfigureAwait(false);
    }
}
