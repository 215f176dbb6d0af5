namespace Canic.Fsm.Worker.Api;

/// <summary>The body of every error answer of the API.</summary>
/// <param name="Error">What is wrong, naming the bad value (cut to a bounded length).</param>
/// <param name="Field">The request field at fault (query parameter, body property, route value or header), when one is.</param>
public sealed record ApiError(string Error, string? Field = null)
{
    /// <summary>The error text, cut so that no answer grows with the input that caused it.</summary>
    public string Error { get; init; } = Error.Length <= ApiLimits.MaxErrorLength ? Error : Error[..ApiLimits.MaxErrorLength] + "...";
}
