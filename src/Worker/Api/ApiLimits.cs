namespace Canic.Fsm.Worker.Api;

/// <summary>The documented limits of the HTTP API: bigger input is refused (413) before it is parsed or acted on.</summary>
internal static class ApiLimits
{
    /// <summary>The largest request body, in bytes (256 KiB: a thousand principals take about 65 KiB).</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>The most items a list in a request body may hold (<c>pids</c> of an import or a requeue).</summary>
    public const int MaxListItems = 1000;

    /// <summary>The longest string a request body may hold (a principal has at most 63 characters).</summary>
    public const int MaxStringLength = 256;

    /// <summary>The longest piece of a request echoed back in an error; longer values are cut.</summary>
    public const int MaxEcho = 80;

    /// <summary>The longest error message (values from deeper layers included).</summary>
    public const int MaxErrorLength = 1000;

    /// <summary>
    /// <paramref name="value"/> as it may appear in an error: cut to <see cref="MaxEcho"/> characters with its length,
    /// so that a 5 MB field is not sent back whole.
    /// </summary>
    public static string Echo(string? value) =>
        value is null ? "" : value.Length <= MaxEcho ? value : $"{value[..MaxEcho]}... ({value.Length:N0} characters)";
}
