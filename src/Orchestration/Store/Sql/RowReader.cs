using Canic.Fsm.Ic;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>
/// Typed reads of one row with errors naming the table, the row (the first selected column is its key) and the
/// column. Every query selects its key first so that the message can name the row.
/// </summary>
internal readonly struct RowReader(SqliteDataReader reader, string table)
{
    public bool Read() => reader.Read();

    public string Text(int i) => reader.IsDBNull(i) ? throw Bad(i, "is NULL") : reader.GetString(i);

    public string? OptionalText(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    /// <summary>An INTEGER; a value of another storage class is refused (SQLite would silently read text as 0).</summary>
    public long Int64(int i)
    {
        var type = reader.GetFieldType(i);
        if (type == typeof(long)) return reader.GetInt64(i);
        throw Bad(i, reader.IsDBNull(i) ? "is NULL" : $"holds the {type.Name} value '{reader.GetValue(i)}', expected an integer");
    }

    public long? OptionalInt64(int i) => reader.IsDBNull(i) ? null : Int64(i);

    public bool Boolean(int i) => Int64(i) switch
    {
        0 => false,
        1 => true,
        var v => throw Bad(i, $"holds {v}, expected 0 or 1"),
    };

    public Cycles Cycles(int i)
    {
        var value = Int64(i);
        return value >= 0 ? new Cycles((UInt128)value) : throw Bad(i, $"holds {value}: cycles cannot be negative");
    }

    public Cycles? OptionalCycles(int i) => reader.IsDBNull(i) ? null : Cycles(i);

    public DateTimeOffset Time(int i) => DateTimeOffset.FromUnixTimeMilliseconds(Int64(i));

    public DateTimeOffset? OptionalTime(int i) => reader.IsDBNull(i) ? null : Time(i);

    public ulong Nanoseconds(int i)
    {
        var value = Int64(i);
        return value >= 0 ? (ulong)value : throw Bad(i, $"holds {value}: a time in nanoseconds cannot be negative");
    }

    public Principal Principal(int i)
    {
        var text = Text(i);
        try { return Ic.Principal.Parse(text); }
        catch (FormatException e) { throw Bad(i, $"holds '{text}', which is not a principal ({e.Message})", e); }
    }

    public Principal? OptionalPrincipal(int i) => reader.IsDBNull(i) ? null : Principal(i);

    public T Enum<T>(int i) where T : struct, Enum
    {
        var text = Text(i);
        return EnumText<T>.TryParse(text, out var value)
            ? value
            : throw Bad(i, $"holds the unknown {typeof(T).Name} '{text}' (expected one of {EnumText<T>.Expected})");
    }

    public T? OptionalEnum<T>(int i) where T : struct, Enum => reader.IsDBNull(i) ? null : Enum<T>(i);

    private CorruptRowException Bad(int i, string problem, Exception? inner = null) =>
        new(table, Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "NULL",
            reader.GetName(i), problem, inner);
}
