using System.Globalization;
using System.Numerics;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Worker.Tests.Support;

/// <summary>
/// The orchestrator's promises read straight from its two SQLite files (the orchestrator's database and the simulated
/// IC's state), as an auditor would after the worker stopped: no canister lost, no row for a canister that does not
/// exist, no canister with two owners, every budget balanced, no reservation left open by a finished attempt, and the
/// ledger's debits equal to the cycles of the Created ledger creations plus a fee each.
/// </summary>
internal sealed class StateFileInvariants(string databasePath, string icStatePath)
{
    /// <summary>The records still being worked on (an attempt, a creation or a pool row in a passing state).</summary>
    public long Unfinished()
    {
        using var db = Open(databasePath);
        return Scalar(db, "SELECT count(*) FROM provisioning_attempts WHERE state NOT IN ('Committed', 'Failed', 'Blocked')")
            + Scalar(db, "SELECT count(*) FROM creation_records WHERE state = 'Intent'")
            + Scalar(db, "SELECT count(*) FROM pool_entries WHERE status IN ('PendingReset', 'Claimed', 'Recycling')");
    }

    /// <summary>
    /// Every broken promise, described; empty when all hold. <paramref name="outside"/>: canisters made outside the orchestrator;
    /// <paramref name="funded"/>: the cycles credited to the ledger's accounts (<c>Ic:InitialBalance</c>).
    /// </summary>
    public IReadOnlyList<string> Violations(IReadOnlySet<string> outside, Cycles funded)
    {
        var problems = new List<string>();
        var existing = ExistingCanisters();
        using var db = Open(databasePath);
        var pool = Strings(db, "SELECT pid FROM pool_entries");
        var registry = Strings(db, "SELECT pid FROM registry");
        var blocked = Scalar(db, "SELECT count(*) FROM creation_records WHERE state = 'Blocked'");

        var unnamed = existing.Except(pool).Except(registry).Except(outside).Order().ToList();
        if (unnamed.Count > blocked)
            problems.Add($"{unnamed.Count} canisters on the IC named by no pool row nor registry row, with only {blocked} Blocked creation record(s): {string.Join(", ", unnamed)}");
        foreach (var pid in pool.Except(existing).Order())
            problems.Add($"pool row {pid} ({Row(db, "SELECT status || ' ' || coalesce(reason, '') FROM pool_entries WHERE pid = @p", pid)}) names a canister that does not exist");
        foreach (var pid in registry.Except(existing).Order())
            problems.Add($"registry row {pid} names a canister that does not exist");
        foreach (var (id, total, free, spent, reserved) in Budgets(db).Where(b => b.Free + b.Reserved + b.Spent != b.Total))
            problems.Add($"budget {id}: free {free} + reserved {reserved} + spent {spent} != total {total}");
        // No canister has two owners: a registry row and its pool row name the same attempt; one Created record per canister.
        foreach (var row in Strings(db, """
                SELECT r.pid || ' (attempt ' || r.attempt_id || ') has pool row ' || coalesce(p.status || ' of ' || coalesce(p.operation_id, 'nobody'), '(none)')
                FROM registry r LEFT JOIN pool_entries p ON p.pid = r.pid
                WHERE p.pid IS NULL OR p.status NOT IN ('Workload', 'Claimed') OR p.operation_id IS NOT r.attempt_id
                """))
            problems.Add($"registry row {row}");
        foreach (var row in Strings(db, "SELECT canister_id || ' by ' || count(*) FROM creation_records WHERE state = 'Created' GROUP BY canister_id HAVING count(*) > 1"))
            problems.Add($"canister {row} Created creation records");
        foreach (var row in Strings(db, """
                SELECT r.id || ' of attempt ' || a.id || ' (' || a.state || ')' FROM reservations r
                JOIN provisioning_attempts a ON a.id = r.attempt_id
                WHERE r.status = 'Open' AND a.state IN ('Committed', 'Failed')
                """))
            problems.Add($"open reservation {row}, a finished attempt");

        // The ledger's debits: each Created ledger creation's amount plus the fee; a Blocked one may have cost its own.
        var fee = (BigInteger)new SimulatedIcOptions().LedgerFee.Value;
        var created = Scalar(db, "SELECT coalesce(sum(amount), 0) FROM creation_records WHERE state = 'Created' AND method = 'Ledger'")
            + fee * Scalar(db, "SELECT count(*) FROM creation_records WHERE state = 'Created' AND method = 'Ledger'");
        var blockedCost = Scalar(db, "SELECT coalesce(sum(amount), 0) FROM creation_records WHERE state = 'Blocked' AND method = 'Ledger'")
            + fee * Scalar(db, "SELECT count(*) FROM creation_records WHERE state = 'Blocked' AND method = 'Ledger'");
        var debits = (BigInteger)funded.Value - LedgerBalances();
        if (debits < created || debits > created + blockedCost)
            problems.Add($"ledger debits {debits} differ from the Created creations' {created} (+ at most {blockedCost} for Blocked ones)");
        return problems;
    }

    /// <summary>What the ledger's accounts hold now (the network's own total also counts provisional creations).</summary>
    private BigInteger LedgerBalances()
    {
        using var ic = Open(icStatePath);
        return Strings(ic, "SELECT cycles FROM balances").Aggregate(BigInteger.Zero, (sum, b) => sum + BigInteger.Parse(b, CultureInfo.InvariantCulture));
    }

    /// <summary>A summary of what the files hold, for the test's output.</summary>
    public string Describe()
    {
        using var db = Open(databasePath);
        string Counts(string sql) => string.Join(", ", Strings(db, sql));
        return $"IC: {ExistingCanisters().Count} canisters; attempts: {Counts("SELECT state || '=' || count(*) FROM provisioning_attempts GROUP BY state")}; " +
            $"creations: {Counts("SELECT state || '=' || count(*) FROM creation_records GROUP BY state")}; " +
            $"pool: {Counts("SELECT status || '=' || count(*) FROM pool_entries GROUP BY status")}; registry: {Scalar(db, "SELECT count(*) FROM registry")}";
    }

    /// <summary>The reasons attempts failed, most frequent first.</summary>
    public IReadOnlyList<string> FailureReasons()
    {
        using var db = Open(databasePath);
        return Strings(db, "SELECT count(*) || ' x ' || coalesce(failure_reason, '') FROM provisioning_attempts WHERE state = 'Failed' GROUP BY failure_reason ORDER BY count(*) DESC LIMIT 10");
    }

    private HashSet<string> ExistingCanisters()
    {
        using var ic = Open(icStatePath);
        using var command = ic.CreateCommand();
        command.CommandText = "SELECT id FROM canisters WHERE deleted = 0";
        using var reader = command.ExecuteReader();
        var pids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read()) pids.Add(Principal.FromBytes((byte[])reader[0]).ToString());
        return pids;
    }

    private static List<(string Id, Int128 Total, Int128 Free, Int128 Spent, Int128 Reserved)> Budgets(SqliteConnection db)
    {
        using var command = db.CreateCommand();
        command.CommandText = """
            SELECT b.id, b.total, b.free, b.spent, coalesce((SELECT sum(amount) FROM reservations r WHERE r.budget_id = b.id AND r.status = 'Open'), 0)
            FROM cycles_budgets b
            """;
        using var reader = command.ExecuteReader();
        var budgets = new List<(string, Int128, Int128, Int128, Int128)>();
        while (reader.Read()) budgets.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        return budgets;
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static long Scalar(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Row(SqliteConnection db, string sql, string pid)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@p", pid);
        return command.ExecuteScalar() as string ?? "";
    }

    private static List<string> Strings(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetValue(0).ToString()!);
        return rows;
    }
}
