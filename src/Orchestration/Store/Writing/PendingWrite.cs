namespace Canic.Fsm.Orchestration.Store;

/// <summary>
/// A unit of work queued for the writer. Its caller is completed only by <see cref="Succeed"/> (after the shared
/// commit) or <see cref="Fail"/>; a unit cancelled before it started is never run.
/// </summary>
internal abstract class PendingWrite
{
    private const int Queued = 0, Started = 1, Cancelled = 2;

    // Run under the caller's context: its AsyncLocals (log scopes, activities) hold while its work runs on the writer.
    private readonly ExecutionContext? _callerContext = ExecutionContext.Capture();
    private int _state;

    /// <summary>False when the caller cancelled first; from then on it cannot be cancelled.</summary>
    public bool TryStart() => Interlocked.CompareExchange(ref _state, Started, Queued) == Queued;

    protected bool TryCancel() => Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued;

    /// <summary>Runs the work inside the current savepoint, keeping its result until the commit.</summary>
    public void Run(StoreTransaction transaction)
    {
        if (_callerContext is null) RunWork(transaction);
        else ExecutionContext.Run(_callerContext, static s => { var (self, tx) = ((PendingWrite, StoreTransaction))s!; self.RunWork(tx); },
            (this, transaction));
    }

    protected abstract void RunWork(StoreTransaction transaction);

    /// <summary>Hands the kept result to the caller: only once its changes are committed.</summary>
    public abstract void Succeed();

    /// <summary>Hands <paramref name="error"/> to the caller; none of its changes are kept.</summary>
    public abstract void Fail(Exception error);
}

/// <summary>A queued unit of work with a result of type <typeparamref name="T"/>.</summary>
internal sealed class PendingWrite<T>(Func<StoreTransaction, T> work) : PendingWrite
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T _result = default!;

    public Task<T> Completion => _done.Task;

    /// <summary>Completes the caller as cancelled unless the writer has started the work.</summary>
    public void Cancel(CancellationToken cancellationToken)
    {
        if (TryCancel()) _done.TrySetCanceled(cancellationToken);
    }

    protected override void RunWork(StoreTransaction transaction) => _result = work(transaction);

    public override void Succeed() => _done.TrySetResult(_result);

    public override void Fail(Exception error) => _done.TrySetException(error);
}
