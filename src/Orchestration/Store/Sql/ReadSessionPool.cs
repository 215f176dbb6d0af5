using System.Collections.Concurrent;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>Read connections for concurrent readers (WAL lets them run beside the writer); idle ones are reused.</summary>
internal sealed class ReadSessionPool(ConnectionFactory connections, TimeProvider time, int idleLimit) : IDisposable
{
    private readonly ConcurrentBag<(SqlSession Session, StoreReader Reader)> _idle = [];
    private int _idleCount;

    public (SqlSession Session, StoreReader Reader) Rent()
    {
        if (_idle.TryTake(out var pooled))
        {
            Interlocked.Decrement(ref _idleCount);
            return pooled;
        }
        var session = new SqlSession(connections.OpenReader(), time);
        return (session, new StoreReader(session));
    }

    public void Return((SqlSession Session, StoreReader Reader) pooled)
    {
        if (Interlocked.Increment(ref _idleCount) <= idleLimit) _idle.Add(pooled);
        else
        {
            Interlocked.Decrement(ref _idleCount);
            pooled.Session.Dispose();
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var pooled)) pooled.Session.Dispose();
    }
}
