using System.Globalization;

namespace Canic.Fsm.Orchestration.Domain;

/// <summary>
/// Record ids (attempts, creations) are numbers, issued increasing; the store keys its rows by their decimal text and
/// the facade hands them out as numbers. This is the one place that converts between the two.
/// </summary>
public static class RecordId
{
    /// <summary>The stored text of id <paramref name="id"/>.</summary>
    public static string ToText(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The number of a stored id, or null when <paramref name="text"/> is null or not a number (an id written by hand).</summary>
    public static long? ToNumber(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
