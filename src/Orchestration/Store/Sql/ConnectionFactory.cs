using Dapper;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>
/// Opens connections to the store's file with the pragmas every connection needs: WAL (persistent, but asserted on
/// each connection), synchronous=NORMAL (not stored in the file, so it must be set each time), a busy timeout and
/// foreign keys, and a WAL checkpoint every <see cref="CheckpointPages"/> pages. Pooling is off: the store keeps its own connections, and a closed store must release the file.
/// </summary>
internal sealed class ConnectionFactory(string path, TimeSpan busyTimeout)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
        DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
    }.ToString();

    /// <summary>
    /// SQLite's default (1,000) checkpoints every few hundred commits of the store, which touch several pages each, and
    /// every checkpoint pays two fsyncs; with 10,000 (a WAL of up to ~40 MB) the fsyncs are ten times rarer and a page
    /// rewritten by many commits (a budget row, an index leaf) is copied to the database once per checkpoint.
    /// </summary>
    internal const int CheckpointPages = 10_000;

    public string Path { get; } = path;

    /// <summary>Opened with no pragma at all: used to check the schema version before anything may write.</summary>
    public SqliteConnection OpenBare()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public SqliteConnection OpenWriter() => Configure(OpenBare(), readOnly: false);

    /// <summary>A reader: same pragmas plus query_only, so a stray write on it fails.</summary>
    public SqliteConnection OpenReader() => Configure(OpenBare(), readOnly: true);

    private SqliteConnection Configure(SqliteConnection connection, bool readOnly)
    {
        try
        {
            var mode = connection.ExecuteScalar<string>("PRAGMA journal_mode = WAL");
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"SQLite refused WAL for '{Path}' (journal_mode is '{mode}').");
            connection.Execute($"""
                PRAGMA synchronous = NORMAL;
                PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds};
                PRAGMA foreign_keys = ON;
                PRAGMA wal_autocheckpoint = {CheckpointPages};
                PRAGMA query_only = {(readOnly ? 1 : 0)};
                """);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
