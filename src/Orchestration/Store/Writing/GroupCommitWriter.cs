namespace Canic.Fsm.Orchestration.Store;

/// <summary>
/// The store's single writer, with group commit. A blocking Write that finds the writer idle runs at once on its
/// caller's thread, alone in its transaction (no hop, no savepoint). Every other write queues: WriteAsync always (its
/// caller awaits anyway, and callers that start together then share a commit), Write when the writer is busy. A
/// dedicated drain thread runs everything queued by then in ONE transaction (see <see cref="WriteBatch"/>). A thread
/// of its own, not the thread pool: callers blocked in a synchronous Write may hold every pool thread.
/// </summary>
internal sealed class GroupCommitWriter : IDisposable
{
    /// <summary>Bounds how long the first unit of a batch waits for its commit.</summary>
    private const int MaxBatch = 256;

    private readonly SqlSession _session;
    private readonly StoreTransaction _units;
    private readonly WriteBatch _batch;
    private readonly object _sync = new();
    private readonly Queue<PendingWrite> _queue = new();
    private readonly SemaphoreSlim _wakeDrainer = new(0);
    private Thread? _drainer;
    private bool _busy;
    private bool _closed;
    private int _writerThread = -1;

    public GroupCommitWriter(SqlSession session)
    {
        _session = session;
        _units = new StoreTransaction(session);
        _batch = new WriteBatch(session, _units);
    }

    public T Write<T>(Func<StoreTransaction, T> work)
    {
        var queued = EnterOrQueue(work, mayRunHere: true);
        return queued is null ? RunAlone(work) : queued.Completion.GetAwaiter().GetResult();
    }

    public async Task<T> WriteAsync<T>(Func<StoreTransaction, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var queued = EnterOrQueue(work, mayRunHere: false)!;
        using (cancellationToken.Register(static (s, ct) => ((PendingWrite<T>)s!).Cancel(ct), queued))
            return await queued.Completion.ConfigureAwait(false);
    }

    /// <summary>Null when the caller now holds the idle writer (only if <paramref name="mayRunHere"/>); otherwise its queued unit.</summary>
    private PendingWrite<T>? EnterOrQueue<T>(Func<StoreTransaction, T> work, bool mayRunHere)
    {
        if (Volatile.Read(ref _writerThread) == Environment.CurrentManagedThreadId)
            throw new InvalidOperationException("Write was called from inside another Write: put all the changes in the outer unit of work.");
        PendingWrite<T> pending;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_closed, typeof(OrchestrationStore));
            if (!_busy && mayRunHere)
            {
                _busy = true;
                return null;
            }
            pending = new PendingWrite<T>(work);
            _queue.Enqueue(pending);
            if (_busy) return pending;
            _busy = true;
        }
        WakeDrainer();
        return pending;
    }

    private T RunAlone<T>(Func<StoreTransaction, T> work)
    {
        try
        {
            Volatile.Write(ref _writerThread, Environment.CurrentManagedThreadId);
            using var transaction = _session.Connection.BeginTransaction();
            _session.Transaction = transaction;
            try
            {
                var result = work(_units);
                transaction.Commit();
                return result;
            }
            finally
            {
                _session.Transaction = null;
            }
        }
        finally
        {
            Volatile.Write(ref _writerThread, -1);
            HandOff();
        }
    }

    /// <summary>Called by the busy writer when done: the drain thread takes over the queue, or the writer goes idle.</summary>
    private void HandOff()
    {
        lock (_sync)
        {
            if (_queue.Count == 0)
            {
                _busy = false;
                Monitor.PulseAll(_sync);
                return;
            }
        }
        WakeDrainer();
    }

    /// <summary>Gives the writer, now held for the queue, to the drain thread (started on first use).</summary>
    private void WakeDrainer()
    {
        lock (_sync)
        {
            if (_drainer is null)
            {
                _drainer = new Thread(Drain) { IsBackground = true, Name = "store group commit" };
                _drainer.Start();
            }
        }
        _wakeDrainer.Release();
    }

    private void Drain()
    {
        while (true)
        {
            _wakeDrainer.Wait();
            List<PendingWrite> batch;
            lock (_sync)
            {
                if (_queue.Count == 0) return; // woken by Dispose: the writer is idle and closed
                batch = new List<PendingWrite>(Math.Min(_queue.Count, MaxBatch));
                while (batch.Count < MaxBatch && _queue.TryDequeue(out var unit)) batch.Add(unit);
            }
            Volatile.Write(ref _writerThread, Environment.CurrentManagedThreadId);
            try { _batch.Run(batch); }
            finally
            {
                Volatile.Write(ref _writerThread, -1);
                HandOff();
            }
        }
    }

    /// <summary>Refuses new writes, lets the accepted ones finish, then stops the drain thread.</summary>
    public void Dispose()
    {
        Thread? drainer;
        lock (_sync)
        {
            _closed = true;
            while (_busy) Monitor.Wait(_sync);
            drainer = _drainer;
        }
        if (drainer is not null)
        {
            _wakeDrainer.Release();
            drainer.Join();
        }
        _wakeDrainer.Dispose();
    }
}
