using System.Text.Json;
using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Worker.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Worker.Api;

/// <summary>
/// Turns exceptions into JSON answers: bad input -> 400 naming the field, orchestrator not open -> 503,
/// anything else -> 500 (logged). Endpoints therefore only describe the happy path.
/// </summary>
internal sealed class ApiExceptionHandler(RequestDelegate next, ILogger<ApiExceptionHandler> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && Map(e) is var (status, error))
        {
            if (status >= 500 && e is not OrchestratorUnavailableException)
                logger.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(error, context.RequestAborted);
        }
    }

    private static (int Status, ApiError Error)? Map(Exception e) => e switch
    {
        OrchestratorInputException input => (StatusCodes.Status400BadRequest, new ApiError(input.Message, input.Field)),
        ApiInputException input => (StatusCodes.Status400BadRequest, new ApiError(input.Message, input.Field)),
        BadHttpRequestException { InnerException: JsonException json } => (StatusCodes.Status400BadRequest,
            new ApiError($"invalid JSON body at {json.Path ?? "$"}: {json.Message}", FieldOf(json.Path))),
        BadHttpRequestException bad => (bad.StatusCode, new ApiError(bad.Message)),
        OrchestratorUnavailableException unavailable => (StatusCodes.Status503ServiceUnavailable, new ApiError(unavailable.Message)),
        OperationCanceledException => null,
        _ => (StatusCodes.Status500InternalServerError, new ApiError($"internal error: {e.Message}")),
    };

    /// <summary>"$.pids[1]" -> "pids[1]": the body property in the words of the API.</summary>
    private static string? FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? null : jsonPath.TrimStart('$', '.');
}

/// <summary>Bad input found by the API itself (before the orchestrator sees it).</summary>
/// <param name="field">The request field at fault.</param>
/// <param name="message">What is wrong, naming the bad value.</param>
internal sealed class ApiInputException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
