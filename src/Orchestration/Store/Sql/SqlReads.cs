using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>Runs a cached query and maps its rows; shared by every table's queries.</summary>
internal static class SqlReads
{
    public static List<T> List<T>(this SqliteCommand command, string table, Func<RowReader, T> map)
    {
        using var reader = command.ExecuteReader();
        var rows = new RowReader(reader, table);
        var list = new List<T>();
        while (rows.Read()) list.Add(map(rows));
        return list;
    }

    public static T? Single<T>(this SqliteCommand command, string table, Func<RowReader, T> map) where T : class
    {
        using var reader = command.ExecuteReader();
        var rows = new RowReader(reader, table);
        return rows.Read() ? map(rows) : null;
    }

    public static long Count(this SqliteCommand command) => Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
}
