using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>
/// One connection with its cached prepared commands and its current transaction. Commands are usable only while a
/// transaction is open, so an operation object kept past its Write or Read fails loudly instead of auto-committing.
/// </summary>
internal sealed class SqlSession(SqliteConnection connection, TimeProvider time) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection { get; } = connection;

    public SqliteTransaction? Transaction { get; set; }

    public TimeProvider Time { get; } = time;

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The cached command for <paramref name="sql"/>, prepared once per connection, parameters cleared.</summary>
    public SqliteCommand Command(string sql)
    {
        var transaction = Transaction
            ?? throw new InvalidOperationException("A store operation was used outside the Write or Read call that handed it out.");
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in SqlParameters.Names(sql)) command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
            _commands.Add(sql, command);
        }
        command.Transaction = transaction;
        foreach (SqliteParameter parameter in command.Parameters) parameter.Value = DBNull.Value;
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
        Connection.Dispose();
    }
}
