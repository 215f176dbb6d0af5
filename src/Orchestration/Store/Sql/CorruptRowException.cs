namespace Canic.Fsm.Orchestration.Store;

/// <summary>A stored row holds a value the store cannot read back; rows are never skipped silently.</summary>
public sealed class CorruptRowException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="table">The table of the row.</param>
    /// <param name="rowKey">The key of the row, as stored.</param>
    /// <param name="column">The column with the bad value.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="inner">The parsing error, if any.</param>
    public CorruptRowException(string table, string rowKey, string column, string problem, Exception? inner = null)
        : base($"Corrupt row in table '{table}' (key '{rowKey}'): column '{column}' {problem}.", inner)
    {
        Table = table;
        RowKey = rowKey;
        Column = column;
    }

    /// <summary>The table of the row.</summary>
    public string Table { get; }

    /// <summary>The key of the row, as stored.</summary>
    public string RowKey { get; }

    /// <summary>The column with the bad value.</summary>
    public string Column { get; }
}
