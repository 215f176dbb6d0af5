using System.Collections.Frozen;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>Enums are stored by name; reading accepts exactly the declared names (never numbers).</summary>
internal static class EnumText<T> where T : struct, Enum
{
    private static readonly FrozenDictionary<string, T> ByName =
        Enum.GetValues<T>().ToFrozenDictionary(v => v.ToString(), StringComparer.Ordinal);

    private static readonly FrozenDictionary<T, string> Names = ByName.ToFrozenDictionary(p => p.Value, p => p.Key);

    /// <summary>The declared names, for error messages.</summary>
    public static string Expected { get; } = string.Join(", ", ByName.Keys.Order(StringComparer.Ordinal));

    public static string Name(T value) => Names.TryGetValue(value, out var name)
        ? name
        : throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} is not a declared {typeof(T).Name}.");

    public static bool TryParse(string text, out T value) => ByName.TryGetValue(text, out value);
}
