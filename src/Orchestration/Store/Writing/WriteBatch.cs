using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>
/// Runs queued units of work in one transaction (one commit for all of them), each inside its own savepoint: a unit
/// that throws rolls back to its savepoint and fails alone, its neighbours go on. Every unit's caller is completed only
/// after the shared COMMIT; if the commit fails, or SQLite itself drops the transaction, every unit in it fails.
/// </summary>
internal sealed class WriteBatch(SqlSession session, StoreTransaction units)
{
    public void Run(IReadOnlyList<PendingWrite> batch)
    {
        var next = 0;
        while (next < batch.Count) next = RunFrom(batch, next);
    }

    /// <summary>Runs units from <paramref name="first"/> in one transaction; returns the first unit it did not settle.</summary>
    private int RunFrom(IReadOnlyList<PendingWrite> batch, int first)
    {
        var applied = new List<PendingWrite>(batch.Count - first);
        var i = first;
        try
        {
            using var transaction = session.Connection.BeginTransaction();
            session.Transaction = transaction;
            for (; i < batch.Count; i++) RunUnit(batch[i], applied);
            transaction.Commit();
        }
        catch (Exception error)
        {
            // Failing a unit twice is harmless (the first outcome stands), so every unit touched so far fails here.
            var last = Math.Min(i, batch.Count - 1);
            for (var k = first; k <= last; k++) batch[k].Fail(Shared(error, last - first));
            return last + 1;
        }
        finally
        {
            session.Transaction = null;
        }
        foreach (var unit in applied) unit.Succeed();
        return batch.Count;
    }

    private void RunUnit(PendingWrite unit, List<PendingWrite> applied)
    {
        if (!unit.TryStart()) return;
        session.Command("SAVEPOINT unit").ExecuteNonQuery();
        try
        {
            unit.Run(units);
        }
        catch (Exception error)
        {
            unit.Fail(error);
            // SQLite rolls the whole transaction back on some errors (disk full, I/O): the units before are gone too.
            if (SQLitePCL.raw.sqlite3_get_autocommit(session.Connection.Handle) != 0) throw;
            session.Command("ROLLBACK TO unit").ExecuteNonQuery();
            session.Command("RELEASE unit").ExecuteNonQuery();
            return;
        }
        applied.Add(unit);
        session.Command("RELEASE unit").ExecuteNonQuery();
    }

    /// <summary>A fresh exception per caller (one instance must not be thrown on several threads), of the same kind.</summary>
    private static Exception Shared(Exception error, int others)
    {
        var message = $"The transaction this unit of work shared with {others} other(s) failed, so none of its changes were saved: {error.Message}";
        return error is SqliteException sqlite
            ? new SqliteException(message, sqlite.SqliteErrorCode, sqlite.SqliteExtendedErrorCode)
            : new InvalidOperationException(message, error);
    }
}
