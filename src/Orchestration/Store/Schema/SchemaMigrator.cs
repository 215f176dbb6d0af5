using Dapper;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>Brings a database to <see cref="Migrations.Latest"/>: all pending migrations in one transaction.</summary>
internal static class SchemaMigrator
{
    private const string VersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version     INTEGER NOT NULL PRIMARY KEY,
            description TEXT    NOT NULL,
            applied_at  INTEGER NOT NULL)
        """;

    /// <summary>The version recorded in the file, 0 when it has none. Reads only: safe on a file we must not touch.</summary>
    public static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        var hasTable = connection.ExecuteScalar<long>(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'", transaction: transaction);
        return hasTable == 0 ? 0 : connection.ExecuteScalar<int?>("SELECT max(version) FROM schema_version", transaction: transaction) ?? 0;
    }

    /// <summary>Refuses a newer file before anything (even a pragma) writes to it.</summary>
    public static void RefuseNewer(SqliteConnection connection, string path)
    {
        var found = ReadVersion(connection);
        if (found > Migrations.Latest) throw new SchemaTooNewException(path, found, Migrations.Latest);
    }

    /// <summary>Applies the pending migrations; re-reads the version under the write lock in case another process migrated.</summary>
    public static int Migrate(SqliteConnection connection, string path, TimeProvider time)
    {
        using var transaction = connection.BeginTransaction();
        var current = ReadVersion(connection, transaction);
        if (current > Migrations.Latest) throw new SchemaTooNewException(path, current, Migrations.Latest);
        connection.Execute(VersionTable, transaction: transaction);
        foreach (var migration in Migrations.All.Where(m => m.Version > current))
        {
            connection.Execute(migration.Sql, transaction: transaction);
            connection.Execute(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (@Version, @Description, @At)",
                new { migration.Version, migration.Description, At = time.GetUtcNow().ToUnixTimeMilliseconds() }, transaction);
        }
        transaction.Commit();
        return Migrations.Latest;
    }
}
