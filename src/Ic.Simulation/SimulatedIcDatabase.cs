using Dapper;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Ic.Simulation;

/// <summary>
/// The SQLite file a persistent <see cref="SimulatedIc"/> writes through to: every call that changes state
/// writes what it changed in one transaction before it answers, so a restarted process finds the same
/// canisters, balances and deduplication entries. One connection, used under the network's lock.
/// </summary>
internal sealed class SimulatedIcDatabase : IDisposable
{
    private const int SchemaVersion = 1;

    private const string Schema = """
        CREATE TABLE canisters (
            id BLOB PRIMARY KEY, controllers TEXT NOT NULL, compute_allocation INTEGER NOT NULL,
            memory_allocation INTEGER NOT NULL, freezing_threshold INTEGER NOT NULL, reserved_cycles_limit TEXT NOT NULL,
            log_visibility TEXT NOT NULL, wasm_memory_limit INTEGER NOT NULL, cycles TEXT NOT NULL, module_hash BLOB,
            module_size INTEGER NOT NULL, memory_size INTEGER NOT NULL, status TEXT NOT NULL, deleted INTEGER NOT NULL,
            discarded_cycles TEXT NOT NULL);
        CREATE TABLE balances (owner BLOB NOT NULL, subaccount BLOB NOT NULL, cycles TEXT NOT NULL, PRIMARY KEY (owner, subaccount));
        CREATE TABLE ledger_deduplication (key TEXT PRIMARY KEY, created_at_time INTEGER NOT NULL, block INTEGER NOT NULL, canister_id BLOB);
        CREATE TABLE network (id INTEGER PRIMARY KEY CHECK (id = 1), next_canister_index INTEGER NOT NULL, next_block INTEGER NOT NULL,
            minted TEXT NOT NULL, fees_burned TEXT NOT NULL, discarded TEXT NOT NULL);
        """;

    private readonly SqliteConnection _connection;

    private SimulatedIcDatabase(SqliteConnection connection) => _connection = connection;

    public string Path => _connection.DataSource;

    /// <summary>Opens (creating if needed) the file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException">The file was written by a newer schema version.</exception>
    public static SimulatedIcDatabase Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            connection.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
            var version = connection.ExecuteScalar<long>("PRAGMA user_version;");
            if (version > SchemaVersion)
                throw new InvalidOperationException(
                    $"The simulated IC file '{path}' has schema version {version}, newer than version {SchemaVersion} of this build; it was left unchanged.");
            if (version == 0)
            {
                using var tx = connection.BeginTransaction();
                connection.Execute(Schema + $"PRAGMA user_version = {SchemaVersion};", transaction: tx);
                tx.Commit();
            }
            return new SimulatedIcDatabase(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Reads the whole network into <paramref name="state"/>.</summary>
    public void LoadInto(NetworkState state)
    {
        const string canisters = """
            SELECT id AS Id, controllers AS Controllers, compute_allocation AS ComputeAllocation, memory_allocation AS MemoryAllocation,
                   freezing_threshold AS FreezingThreshold, reserved_cycles_limit AS ReservedCyclesLimit, log_visibility AS LogVisibility,
                   wasm_memory_limit AS WasmMemoryLimit, cycles AS Cycles, module_hash AS ModuleHash, module_size AS ModuleSize,
                   memory_size AS MemorySize, status AS Status, deleted AS Deleted, discarded_cycles AS DiscardedCycles
            FROM canisters
            """;
        foreach (var row in _connection.Query<SimulatedIcRows.CanisterRow>(canisters))
        {
            var canister = SimulatedIcRows.FromRow(row);
            state.Canisters.Add(canister.Id, canister);
        }
        foreach (var row in _connection.Query<SimulatedIcRows.BalanceRow>("SELECT owner AS Owner, subaccount AS Subaccount, cycles AS Cycles FROM balances"))
        {
            var (account, cycles) = SimulatedIcRows.FromRow(row);
            state.Balances.Add(account, cycles);
        }
        const string entries = "SELECT key AS Key, created_at_time AS CreatedAtTime, block AS Block, canister_id AS CanisterId FROM ledger_deduplication";
        foreach (var row in _connection.Query<SimulatedIcRows.EntryRow>(entries))
            state.Deduplication.Add(row.Key, SimulatedIcRows.FromRow(row));
        const string network = """
            SELECT next_canister_index AS NextCanisterIndex, next_block AS NextBlock, minted AS Minted,
                   fees_burned AS FeesBurned, discarded AS Discarded
            FROM network WHERE id = 1
            """;
        if (_connection.QuerySingleOrDefault<SimulatedIcRows.NetworkRow>(network) is { } counters)
            SimulatedIcRows.Load(counters, state);
    }

    /// <summary>Writes what changed in <paramref name="state"/> since the last save, in one transaction, then forgets the changes.</summary>
    public void Save(NetworkState state)
    {
        if (!state.HasChanges) return;
        using var tx = _connection.BeginTransaction();
        foreach (var id in state.ChangedCanisters)
            _connection.Execute("""
                INSERT OR REPLACE INTO canisters VALUES (@Id, @Controllers, @ComputeAllocation, @MemoryAllocation, @FreezingThreshold,
                    @ReservedCyclesLimit, @LogVisibility, @WasmMemoryLimit, @Cycles, @ModuleHash, @ModuleSize, @MemorySize, @Status,
                    @Deleted, @DiscardedCycles)
                """, SimulatedIcRows.ToRow(state.Canisters[id]), tx);
        foreach (var account in state.ChangedBalances)
            _connection.Execute("INSERT OR REPLACE INTO balances VALUES (@Owner, @Subaccount, @Cycles)",
                SimulatedIcRows.ToRow(account, state.BalanceOf(account)), tx);
        foreach (var entry in state.AddedEntries)
            _connection.Execute("INSERT OR REPLACE INTO ledger_deduplication VALUES (@Key, @CreatedAtTime, @Block, @CanisterId)",
                SimulatedIcRows.ToRow(entry), tx);
        foreach (var key in state.RemovedEntries)
            _connection.Execute("DELETE FROM ledger_deduplication WHERE key = @key", new { key }, tx);
        _connection.Execute("""
            INSERT OR REPLACE INTO network VALUES (1, @NextCanisterIndex, @NextBlock, @Minted, @FeesBurned, @Discarded)
            """, SimulatedIcRows.ToRow(state), tx);
        tx.Commit();
        state.ClearChanges();
    }

    public void Dispose() => _connection.Dispose();
}
