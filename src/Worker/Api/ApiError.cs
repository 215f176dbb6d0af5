namespace Canic.Fsm.Worker.Api;

/// <summary>The body of every error answer of the API.</summary>
/// <param name="Error">What is wrong, naming the bad value.</param>
/// <param name="Field">The request field at fault (query parameter, body property or route value), when one is.</param>
public sealed record ApiError(string Error, string? Field = null);
