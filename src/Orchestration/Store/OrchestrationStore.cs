namespace Canic.Fsm.Orchestration.Store;

/// <summary>
/// The orchestrator's SQLite database: one file in WAL mode, migrated at open, with one write connection and a pool
/// of read connections. Writes are serialized; concurrent writes share commits (group commit, see
/// <see cref="GroupCommitWriter"/>), each still all-or-nothing and each returning only once its changes are committed. Work is passed as synchronous delegates, so no
/// transaction can be held across an await of anything but SQLite. Thread-safe.
/// </summary>
public sealed class OrchestrationStore : IDisposable
{
    private readonly ConnectionFactory _connections;
    private readonly SqlSession _writer;
    private readonly GroupCommitWriter _writes;
    private readonly ReadSessionPool _readers;
    private readonly string? _deleteDirectoryOnDispose;
    private int _disposed;

    private OrchestrationStore(string path, StoreOptions options, string? deleteDirectoryOnDispose)
    {
        _connections = new ConnectionFactory(path, options.BusyTimeout);
        _deleteDirectoryOnDispose = deleteDirectoryOnDispose;
        using (var bare = _connections.OpenBare()) SchemaMigrator.RefuseNewer(bare, path);
        _writer = new SqlSession(_connections.OpenWriter(), options.Time);
        try
        {
            SchemaVersion = SchemaMigrator.Migrate(_writer.Connection, path, options.Time);
        }
        catch
        {
            _writer.Dispose();
            throw;
        }
        _writes = new GroupCommitWriter(_writer);
        _readers = new ReadSessionPool(_connections, options.Time, options.IdleReadConnections);
    }

    /// <summary>The database file.</summary>
    public string Path => _connections.Path;

    /// <summary>The schema version after migration.</summary>
    public int SchemaVersion { get; }

    /// <summary>Opens (creating and migrating if needed) the database at <paramref name="path"/>.</summary>
    /// <exception cref="SchemaTooNewException">The file was written by a newer version; it is left untouched.</exception>
    /// <exception cref="ArgumentException">An in-memory data source: it would be private to one connection.</exception>
    public static OrchestrationStore Open(string path, StoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (path.Trim() == ":memory:" || path.Contains("mode=memory", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"'{path}': an in-memory SQLite database is private to one connection and the store uses several; use OpenTemporary().", nameof(path));
        return new OrchestrationStore(System.IO.Path.GetFullPath(path), options ?? new StoreOptions(), null);
    }

    /// <summary>A store on a new file in a fresh temporary directory, deleted on dispose: for tests and benchmarks.</summary>
    public static OrchestrationStore OpenTemporary(StoreOptions? options = null)
    {
        var directory = Directory.CreateTempSubdirectory("canic-fsm-store-").FullName;
        return new OrchestrationStore(System.IO.Path.Combine(directory, "orchestrator.db"), options ?? new StoreOptions(), directory);
    }

    /// <summary>
    /// Runs <paramref name="work"/> as one unit of work: all of its changes are committed before this returns, and none
    /// are kept if it throws. Waits (blocking) while another write runs; writes queued meanwhile may share one
    /// transaction, each inside its own savepoint, so a failing unit never undoes its neighbours. Must not be called
    /// from inside another Write.
    /// </summary>
    public T Write<T>(Func<StoreTransaction, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _writes.Write(work);
    }

    /// <summary>Like <see cref="Write{T}"/> with no result.</summary>
    public void Write(Action<StoreTransaction> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Write<object?>(tx => { work(tx); return null; });
    }

    /// <summary>
    /// Like <see cref="Write{T}"/>, but waits for the writer asynchronously; the work itself still runs synchronously,
    /// so the transaction never spans an await.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<StoreTransaction, T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _writes.WriteAsync(work, cancellationToken);
    }

    /// <summary>Runs <paramref name="query"/> in one read transaction (a consistent snapshot) on a pooled read connection.</summary>
    public T Read<T>(Func<StoreReader, T> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var pooled = _readers.Rent();
        try
        {
            using var snapshot = pooled.Session.Connection.BeginTransaction(deferred: true);
            pooled.Session.Transaction = snapshot;
            try { return query(pooled.Reader); }
            finally { pooled.Session.Transaction = null; }
        }
        finally
        {
            _readers.Return(pooled);
        }
    }

    /// <summary>Closes every connection (after the running write, if any); a temporary store deletes its directory.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _writes.Dispose();
        _readers.Dispose();
        _writer.Dispose();
        if (_deleteDirectoryOnDispose is not null)
        {
            try { Directory.Delete(_deleteDirectoryOnDispose, recursive: true); }
            catch (IOException) { /* a reader still open elsewhere; the OS temp cleaner gets it */ }
        }
    }
}
