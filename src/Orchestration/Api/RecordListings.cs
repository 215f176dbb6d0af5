using Dapper;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Orchestration.Api;

/// <summary>
/// Paged id listings the store does not offer yet (attempts and creations by state, reservations):
/// the ids come from a read-only connection here, the records themselves from the store's own queries.
/// </summary>
internal sealed class RecordListings(string databasePath)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = true,
    }.ToString();

    /// <summary>Closes the pooled read-only connections to the file (at stop: no connection outlives the orchestrator).</summary>
    public void ClosePooledConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    public (IReadOnlyList<string> Ids, long Total) Attempts(string? state, int offset, int limit) =>
        Page("provisioning_attempts", "state", state, "id", offset, limit);

    public (IReadOnlyList<string> Ids, long Total) Creations(string? state, int offset, int limit) =>
        Page("creation_records", "state", state, "id", offset, limit);

    public (IReadOnlyList<long> Ids, long Total) Reservations(bool openOnly, int offset, int limit)
    {
        using var connection = new SqliteConnection(_connectionString);
        var filter = openOnly ? "WHERE status = 'Open'" : "";
        var total = connection.ExecuteScalar<long>($"SELECT count(*) FROM reservations {filter}");
        var ids = connection.Query<long>($"SELECT id FROM reservations {filter} ORDER BY id DESC LIMIT @limit OFFSET @offset", new { limit, offset }).AsList();
        return (ids, total);
    }

    private (IReadOnlyList<string>, long) Page(string table, string stateColumn, string? state, string idColumn, int offset, int limit)
    {
        using var connection = new SqliteConnection(_connectionString);
        var filter = $"WHERE (@state IS NULL OR {stateColumn} = @state)";
        var total = connection.ExecuteScalar<long>($"SELECT count(*) FROM {table} {filter}", new { state });
        var ids = connection.Query<string>($"SELECT {idColumn} FROM {table} {filter} ORDER BY created_at DESC, {idColumn} DESC LIMIT @limit OFFSET @offset",
            new { state, limit, offset }).AsList();
        return (ids, total);
    }
}
