using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Replica;
using Canic.Fsm.Ic.Replica.Faults;
using Canic.Fsm.Ic.Simulation;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Worker.Replica;

/// <summary>What <c>canic-fsm replica</c> was asked for.</summary>
/// <param name="Server">Where and how to serve.</param>
/// <param name="StateFile">The simulated IC's SQLite file; null keeps it in memory.</param>
/// <param name="KeyFile">The file holding the key seed; null makes fresh keys (a new root key every start).</param>
/// <param name="Mint">Ledger accounts credited the first time the replica sees them.</param>
/// <param name="Faults">The HTTP faults from the start.</param>
internal sealed record ReplicaSettings(ReplicaOptions Server, string? StateFile, string? KeyFile, IReadOnlyList<(Principal Owner, Cycles Amount)> Mint, FaultsRequest Faults);

/// <summary>
/// <c>canic-fsm replica</c>: the development replica as a process. It opens (or creates) its state file and key file,
/// credits the accounts given with <c>--mint</c> once, serves until SIGTERM or Ctrl+C, and logs what a user needs to
/// point the worker at it: the URL, the root key's fingerprint, the subnet, the ledger and the default effective
/// canister id.
/// </summary>
internal static class ReplicaHost
{
    /// <returns>True when the replica served and stopped; false when it could not open its state or bind its port (the reason is written to <paramref name="error"/>).</returns>
    public static async Task<bool> RunAsync(ReplicaSettings settings, TextWriter error, CancellationToken ct)
    {
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        }).SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft.AspNetCore", LogLevel.Warning));
        var logger = logging.CreateLogger("Canic.Fsm.Ic.Replica");
        SimulatedIc ic;
        ReplicaKeys keys;
        try
        {
            ic = settings.StateFile is null ? new SimulatedIc() : SimulatedIc.OpenFile(settings.StateFile);
            keys = settings.KeyFile is null ? ReplicaKeys.Random() : ReplicaKeys.LoadOrCreate(settings.KeyFile);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            await error.WriteLineAsync($"The replica could not open its state: {e.Message}");
            return false;
        }
        using var _ = ic;
        foreach (var (owner, amount) in settings.Mint)
        {
            var account = new Account(owner);
            if (ic.Snapshot().Balances.ContainsKey(account)) continue;
            ic.Mint(account, amount);
            logger.LogInformation("Credited {Amount} cycles to the ledger account {Account}", amount, account);
        }
        await using var server = new ReplicaServer(ic, keys, settings.Server, logging: logging);
        server.Faults = settings.Faults.ToPlan();
        try
        {
            await server.StartAsync(ct);
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"--port {settings.Server.Port}: {e.Message}");
            return false;
        }
        logger.LogInformation("Development replica listening on {Url} (state {State}, keys {Keys})", server.BaseAddress,
            settings.StateFile is null ? "in memory" : Path.GetFullPath(settings.StateFile), settings.KeyFile is null ? "fresh" : Path.GetFullPath(settings.KeyFile));
        logger.LogInformation("Root key SHA-256 {Fingerprint}; subnet {Subnet}{Delegation}; cycles ledger {Ledger}; default effective canister id {Ecid}",
            keys.RootKeyFingerprint, server.SubnetId, settings.Server.Delegation ? $" (delegated, {server.Layout.Shards.Count} range shard(s))" : "",
            server.Layout.LedgerId, server.Layout.DefaultEffectiveCanisterId);
        await server.WaitForShutdownAsync(ct);
        logger.LogInformation("Replica stopped");
        return true;
    }
}
