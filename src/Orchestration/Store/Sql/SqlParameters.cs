using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>Parameter discovery and binding for the cached commands.</summary>
internal static partial class SqlParameters
{
    [GeneratedRegex(@"@[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex ParameterName();

    /// <summary>The distinct <c>@name</c> parameters of a statement.</summary>
    public static IEnumerable<string> Names(string sql) => ParameterName().Matches(sql).Select(m => m.Value).Distinct(StringComparer.Ordinal);

    /// <summary>Sets a parameter (null becomes SQL NULL) and returns the command, for chaining.</summary>
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters[name].Value = value ?? DBNull.Value;
        return command;
    }

    /// <summary>
    /// Like <see cref="With"/>, but a parameter the statement does not use is skipped: for binders that map a whole
    /// record onto statements that each use part of it.
    /// </summary>
    public static SqliteCommand WithIfUsed(this SqliteCommand command, string name, object? value)
    {
        var index = command.Parameters.IndexOf(name);
        if (index >= 0) command.Parameters[index].Value = value ?? DBNull.Value;
        return command;
    }
}
