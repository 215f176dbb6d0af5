using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>
/// Conversions from domain values to stored values. Principals are stored as TEXT in their canonical textual form
/// (readable with the sqlite3 shell, and the checksum catches corruption on the way back); cycles as INTEGER;
/// timestamps as INTEGER Unix milliseconds.
/// </summary>
internal static class Columns
{
    /// <summary>Cycles as INTEGER; amounts above 2^63 - 1 are refused here, before anything is written.</summary>
    public static long Cycles(Cycles amount, string column) => amount.Value <= (UInt128)long.MaxValue
        ? (long)amount.Value
        : throw new ArgumentOutOfRangeException(column, amount.Value,
            $"{column}: {amount.Value} cycles exceed the largest amount the store can hold ({long.MaxValue}).");

    public static long? Cycles(Cycles? amount, string column) => amount is { } a ? Cycles(a, column) : null;

    public static string Principal(Principal pid) => pid.ToString();

    public static string? Principal(Principal? pid) => pid?.ToString();

    public static long Time(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    /// <summary>created_at_time as INTEGER nanoseconds; values above 2^63 - 1 are refused.</summary>
    public static long Nanoseconds(ulong nanoseconds, string column) => nanoseconds <= long.MaxValue
        ? (long)nanoseconds
        : throw new ArgumentOutOfRangeException(column, nanoseconds, $"{column}: {nanoseconds} ns exceeds the largest storable time ({long.MaxValue}).");

    public static string Name<T>(T value) where T : struct, Enum => EnumText<T>.Name(value);

    public static string? Name<T>(T? value) where T : struct, Enum => value is { } v ? EnumText<T>.Name(v) : null;
}
