using Microsoft.Extensions.Time.Testing;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Store;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Orchestration.Tests.Store;

/// <summary>A fresh temporary store per test, with a manual clock and helpers to make domain values.</summary>
public abstract class StoreTestBase
{
    internal static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    internal FakeTimeProvider Clock = null!;
    protected OrchestrationStore Store = null!;

    [SetUp]
    public void OpenStore()
    {
        Clock = new FakeTimeProvider(Epoch);
        Store = OrchestrationStore.OpenTemporary(new StoreOptions { Time = Clock });
    }

    [TearDown]
    public void CloseStore() => Store.Dispose();

    /// <summary>A canister id like a subnet's: ten bytes, the counter in the middle, then 0x01 0x01.</summary>
    protected static Principal Canister(int n)
    {
        var bytes = new byte[10];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), n);
        bytes[8] = 1;
        bytes[9] = 1;
        return Principal.FromBytes(bytes);
    }

    protected static PoolEntry Entry(int n, PoolEntryStatus status, string cycles = "5T", int ageMs = 0, string? reason = null,
        string? operationId = null, string? role = null, string? moduleHash = null) =>
        new(Canister(n), Epoch.AddMilliseconds(ageMs), Cycles.Parse(cycles), status, reason, operationId, role, null, moduleHash, Epoch);

    protected static ProvisioningAttempt Attempt(string id, AttemptState state = AttemptState.Requested) =>
        new(id, "app", null, state, null, null, null, null, null, null, Epoch, Epoch);

    /// <summary>Runs raw SQL on the store's file, as a corrupting tool or an older build would.</summary>
    protected void Raw(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Store.Path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
