using System.Globalization;

namespace Canic.Fsm.Worker.Api;

/// <summary>The <c>offset</c> and <c>limit</c> query parameters of a listing, parsed so that a bad one is named.</summary>
internal readonly record struct Paging(int Offset, int Limit)
{
    public const int DefaultLimit = 100;

    public static Paging Parse(string? offset, string? limit) =>
        new(Number("offset", offset, 0), Number("limit", limit, DefaultLimit));

    /// <summary>A whole number from a query or route value; a bad one is a 400 naming <paramref name="field"/>.</summary>
    public static int Number(string field, string? text, int fallback) =>
        text is null ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new ApiInputException(field, $"{field} '{ApiLimits.Echo(text)}' is not a non-negative whole number");

    /// <summary>An id (route value); a bad one is a 400 naming <paramref name="field"/>.</summary>
    public static long Id(string field, string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new ApiInputException(field, $"{field} '{ApiLimits.Echo(text)}' is not a valid id (a non-negative whole number)");
}
