using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Store;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Orchestration.Tests.Store;

public class SchemaTests
{
    private string _directory = null!;
    private string _path = null!;

    [SetUp]
    public void MakeDirectory()
    {
        _directory = Directory.CreateTempSubdirectory("canic-fsm-schema-").FullName;
        _path = Path.Combine(_directory, "orchestrator.db");
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    [Test]
    public void An_empty_file_is_migrated_to_the_latest_version_with_every_table()
    {
        using (var store = OrchestrationStore.Open(_path)) Assert.That(store.SchemaVersion, Is.EqualTo(Migrations.Latest));
        using var connection = Connect();
        var tables = connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table'").ToHashSet();
        Assert.That(tables, Is.SupersetOf(new[]
        {
            "schema_version", "pool_entries", "provisioning_attempts", "attempt_transitions", "creation_records",
            "registry", "scaling_workers", "cycles_budgets", "reservations",
        }));
        Assert.That(connection.Query<int>("SELECT version FROM schema_version ORDER BY version"),
            Is.EqualTo(Migrations.All.Select(m => m.Version)));
    }

    [Test]
    public void Reopening_keeps_the_data_and_applies_nothing_twice()
    {
        using (var store = OrchestrationStore.Open(_path)) store.TryCreateBudget("main", Cycles.Parse("1T"));
        using (var store = OrchestrationStore.Open(_path))
            Assert.That(store.CheckBudget("main").Free, Is.EqualTo(Cycles.Parse("1T")));
        using var connection = Connect();
        Assert.That(connection.ExecuteScalar<long>("SELECT count(*) FROM schema_version"), Is.EqualTo(Migrations.All.Count));
    }

    [Test]
    public void Migration_2_rewrites_the_removed_attempt_states_ControllersSet_and_Installed_and_the_rows_read_again()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        using (var store = OrchestrationStore.Open(_path))
            store.Write(tx =>
            {
                foreach (var id in new[] { "a1", "a2" })
                    tx.Attempts.TryInsert(new ProvisioningAttempt(id, "app", null, AttemptState.Requested, null, null, null, null, null, null, now, now));
            });
        // As a version-1 file that holds the two names (no version of the code wrote them, but the reader refuses unknown names).
        using (var connection = Connect())
            connection.Execute("""
                DELETE FROM schema_version WHERE version >= 2;
                UPDATE provisioning_attempts SET state = 'ControllersSet' WHERE id = 'a1';
                UPDATE provisioning_attempts SET state = 'Installed' WHERE id = 'a2';
                INSERT INTO attempt_transitions VALUES ('a1', 2, 'Requested', 'ControllersSet', NULL, 0);
                INSERT INTO attempt_transitions VALUES ('a2', 2, 'Requested', 'Installed', NULL, 0);
                INSERT INTO attempt_transitions VALUES ('a2', 3, 'Installed', 'Installed', NULL, 0);
                """);

        using var reopened = OrchestrationStore.Open(_path);

        Assert.That(reopened.SchemaVersion, Is.EqualTo(Migrations.Latest));
        Assert.That(reopened.Read(r => r.Attempts.Get("a1"))!.State, Is.EqualTo(AttemptState.Allocated));
        Assert.That(reopened.Read(r => r.Attempts.Get("a2"))!.State, Is.EqualTo(AttemptState.Installing));
        Assert.That(reopened.Read(r => r.Attempts.History("a1")).Select(h => (h.From, h.To)),
            Is.EqualTo(new (AttemptState?, AttemptState)[] { (null, AttemptState.Requested), (AttemptState.Requested, AttemptState.Allocated) }));
        Assert.That(reopened.Read(r => r.Attempts.History("a2")).Select(h => (h.From, h.To)),
            Is.EqualTo(new (AttemptState?, AttemptState)[]
            {
                (null, AttemptState.Requested), (AttemptState.Requested, AttemptState.Installing), (AttemptState.Installing, AttemptState.Installing),
            }));
    }

    [Test]
    public void A_database_from_a_newer_version_is_refused_and_left_byte_for_byte_unchanged()
    {
        using (OrchestrationStore.Open(_path)) { }
        using (var connection = Connect())
            connection.Execute("INSERT INTO schema_version (version, description, applied_at) VALUES (999, 'future', 0)");
        var before = File.ReadAllBytes(_path);
        var filesBefore = Directory.GetFiles(_directory).Order().ToArray();

        var error = Assert.Throws<SchemaTooNewException>(() => OrchestrationStore.Open(_path))!;

        Assert.That(error.Message, Does.Contain("999").And.Contain(Migrations.Latest.ToString()).And.Contain(_path));
        Assert.That(File.ReadAllBytes(_path), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(_directory).Order().ToArray(), Is.EqualTo(filesBefore));
    }

    [Test]
    public void A_rollback_journal_file_of_a_newer_version_is_not_switched_to_wal()
    {
        using (var connection = Connect())
            connection.Execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT, applied_at INTEGER); INSERT INTO schema_version VALUES (999, 'future', 0);");
        var before = File.ReadAllBytes(_path);
        Assert.Throws<SchemaTooNewException>(() => OrchestrationStore.Open(_path));
        Assert.That(File.ReadAllBytes(_path), Is.EqualTo(before));
    }

    [Test]
    public void Every_connection_runs_in_wal_with_synchronous_normal_busy_timeout_foreign_keys_and_rare_checkpoints()
    {
        using var store = OrchestrationStore.Open(_path);
        var factory = new ConnectionFactory(_path, TimeSpan.FromSeconds(3));
        foreach (var connection in new[] { factory.OpenWriter(), factory.OpenReader() })
        {
            using (connection)
            {
                Assert.That(connection.ExecuteScalar<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
                Assert.That(connection.ExecuteScalar<long>("PRAGMA synchronous"), Is.EqualTo(1), "1 = NORMAL");
                Assert.That(connection.ExecuteScalar<long>("PRAGMA busy_timeout"), Is.EqualTo(3000));
                Assert.That(connection.ExecuteScalar<long>("PRAGMA foreign_keys"), Is.EqualTo(1));
                Assert.That(connection.ExecuteScalar<long>("PRAGMA wal_autocheckpoint"), Is.EqualTo(10_000));
            }
        }
        store.TryCreateBudget("b", Cycles.Parse("1T"));
        Assert.That(File.Exists(_path + "-wal"), Is.True, "a commit in WAL mode goes to the -wal file");
    }

    [Test]
    public void Read_connections_refuse_writes()
    {
        using var store = OrchestrationStore.Open(_path);
        using var reader = new ConnectionFactory(_path, TimeSpan.FromSeconds(1)).OpenReader();
        Assert.Throws<SqliteException>(() => reader.Execute("INSERT INTO cycles_budgets VALUES ('x', 1, 1, 0)"));
    }

    [TestCase(":memory:")]
    [TestCase("file:x?mode=memory&cache=shared")]
    public void In_memory_data_sources_are_refused_with_a_pointer_to_OpenTemporary(string path)
    {
        var error = Assert.Throws<ArgumentException>(() => OrchestrationStore.Open(path))!;
        Assert.That(error.Message, Does.Contain("OpenTemporary"));
    }

    [Test]
    public void A_temporary_store_deletes_its_directory_on_dispose()
    {
        var store = OrchestrationStore.OpenTemporary();
        var directory = Path.GetDirectoryName(store.Path)!;
        store.Read(r => r.Pool.CountByStatus());
        store.Dispose();
        Assert.That(Directory.Exists(directory), Is.False);
    }
}
