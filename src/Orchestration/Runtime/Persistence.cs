using Canic.Fsm.Orchestration.Store;

namespace Canic.Fsm.Orchestration.Runtime;

/// <summary>
/// The orchestrator's way into its store: snapshot reads, and units of work (one commit each) that the commit observer
/// sees and that are counted.
/// </summary>
internal sealed class Persistence(OrchestrationStore store, ICommitObserver observer)
{
    private long _commits;

    /// <summary>Units of work committed so far.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Runs <paramref name="query"/> on one read snapshot.</summary>
    public T Read<T>(Func<StoreReader, T> query) => store.Read(query);

    /// <summary>Runs <paramref name="work"/> as one unit of work (one commit), blocking the calling thread until it is committed.</summary>
    public T Commit<T>(Func<StoreTransaction, T> work)
    {
        observer.BeforeCommit();
        var result = store.Write(work);
        Committed();
        return result;
    }

    /// <summary>Runs <paramref name="work"/> as one unit of work (one commit), blocking the calling thread until it is committed.</summary>
    public void Commit(Action<StoreTransaction> work) => Commit<object?>(tx => { work(tx); return null; });

    /// <summary>
    /// Runs <paramref name="work"/> as one unit of work and completes once it is committed, without holding a thread
    /// meanwhile: concurrent callers share the store's group commit (a savepoint each, one COMMIT). The task completes
    /// only after the COMMIT, so an effect awaited after it still follows its intent. Not cancellable on purpose: the
    /// outcome of an effect that already happened must still be recorded.
    /// </summary>
    public async Task<T> CommitAsync<T>(Func<StoreTransaction, T> work)
    {
        observer.BeforeCommit();
        var result = await store.WriteAsync(work).ConfigureAwait(false);
        Committed();
        return result;
    }

    /// <summary>Runs <paramref name="work"/> as one unit of work; see <see cref="CommitAsync{T}(Func{StoreTransaction, T})"/>.</summary>
    public Task CommitAsync(Action<StoreTransaction> work) => CommitAsync<object?>(tx => { work(tx); return null; });

    private void Committed()
    {
        Interlocked.Increment(ref _commits);
        observer.AfterCommit();
    }
}
