namespace Canic.Fsm.Orchestration.Policy;

/// <summary>
/// Lets one reset batch run at a time (the seed's <c>RESET_IN_PROGRESS</c> / <c>RESET_RESCHEDULE</c>). A request
/// that arrives while a batch runs is not lost: it sets the reschedule flag, and the running worker goes on with
/// another batch. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// if (!gate.TryBegin()) return;          // a batch runs: it will go on for us
/// do { await RunBatchAsync(); }
/// while (gate.CompleteBatch(await AnyPendingResetAsync()));
/// </code>
/// </example>
public sealed class ResetWorkerGate
{
    private readonly Lock _lock = new();
    private bool _running;
    private bool _reschedule;

    /// <summary>True while a batch holds the gate.</summary>
    public bool IsRunning { get { lock (_lock) return _running; } }

    /// <summary>True when a request arrived during the running batch and has not been served yet.</summary>
    public bool IsRescheduled { get { lock (_lock) return _reschedule; } }

    /// <summary>Takes the gate. False when a batch runs: the request is then recorded and served after that batch.</summary>
    public bool TryBegin()
    {
        lock (_lock)
        {
            if (_running)
            {
                _reschedule = true;
                return false;
            }
            _running = true;
            return true;
        }
    }

    /// <summary>
    /// Ends a batch. Returns true, keeping the gate, when another batch must run: a request arrived meanwhile or
    /// <paramref name="pendingResetRemain"/>; the caller then runs it and calls this again. Returns false after
    /// releasing the gate. Read the pending entries before calling, so that nothing arriving later is missed: a
    /// later request finds the gate either held (and is recorded) or free (and runs itself).
    /// </summary>
    /// <exception cref="InvalidOperationException">The gate is not held.</exception>
    public bool CompleteBatch(bool pendingResetRemain)
    {
        lock (_lock)
        {
            if (!_running) throw new InvalidOperationException("CompleteBatch called while no reset batch holds the gate.");
            var again = _reschedule || pendingResetRemain;
            _reschedule = false;
            _running = again;
            return again;
        }
    }

    /// <summary>
    /// Releases the gate after a batch that failed, without running again (so a persistent error cannot spin).
    /// Returns whether a request had arrived meanwhile, so that the caller can schedule a later run.
    /// </summary>
    /// <exception cref="InvalidOperationException">The gate is not held.</exception>
    public bool Abort()
    {
        lock (_lock)
        {
            if (!_running) throw new InvalidOperationException("Abort called while no reset batch holds the gate.");
            var requested = _reschedule;
            _reschedule = false;
            _running = false;
            return requested;
        }
    }

    /// <summary>
    /// Runs batches while needed if the gate is free; returns at once (0) when another caller runs them.
    /// A batch that throws releases the gate through <see cref="Abort"/> and the exception propagates.
    /// </summary>
    /// <param name="runBatch">Handles one batch of PendingReset entries.</param>
    /// <param name="pendingResetRemain">Whether PendingReset entries remain.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The number of batches this call ran.</returns>
    public async Task<int> RunAsync(Func<CancellationToken, Task> runBatch, Func<CancellationToken, Task<bool>> pendingResetRemain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runBatch);
        ArgumentNullException.ThrowIfNull(pendingResetRemain);
        if (!TryBegin()) return 0;
        var batches = 0;
        bool again;
        do
        {
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                await runBatch(cancellationToken).ConfigureAwait(false);
                batches++;
                again = CompleteBatch(await pendingResetRemain(cancellationToken).ConfigureAwait(false));
            }
            catch
            {
                Abort();
                throw;
            }
        } while (again);
        return batches;
    }
}
