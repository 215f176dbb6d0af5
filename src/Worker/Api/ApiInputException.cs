using Microsoft.AspNetCore.Http;

namespace Canic.Fsm.Worker.Api;

/// <summary>Bad input found by the API itself, before the orchestrator sees it: a 400 unless another status says more.</summary>
/// <param name="field">The request field at fault.</param>
/// <param name="message">What is wrong, naming the bad value (see <see cref="ApiLimits.Echo"/>).</param>
/// <param name="status">400 (bad value), 413 (too large) or 415 (not JSON).</param>
internal sealed class ApiInputException(string? field, string message, int status = StatusCodes.Status400BadRequest) : Exception(message)
{
    public string? Field { get; } = field;

    public int Status { get; } = status;
}
