using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Store;
using Canic.Fsm.Worker.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Worker.Api;

/// <summary>
/// Turns exceptions into JSON answers (<see cref="ApiError"/>), so that endpoints only describe the happy path:
/// bad input 400 / 413 / 415 naming the field, a lost compare-and-set 409, a condition that passes (the orchestrator
/// opening, a transient refusal or a lost reply of the IC) 503 with <c>Retry-After</c>, anything else 500. Only the
/// last is logged with its stack trace: the others are expected weather, logged as one line.
/// </summary>
internal sealed class ApiExceptionHandler(RequestDelegate next, ILoggerFactory loggers)
{
    /// <summary>The log category of the API's own lines.</summary>
    public const string LogCategory = "Canic.Fsm.Worker.Api";

    /// <summary>Seconds a client should wait before retrying a 503.</summary>
    public const int RetryAfterSeconds = 1;

    private readonly ILogger _logger = loggers.CreateLogger(LogCategory);

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && Map(e) is var (status, error))
        {
            Log(context, status, e);
            context.Response.Clear();
            context.Response.StatusCode = status;
            if (status == StatusCodes.Status503ServiceUnavailable)
                context.Response.Headers.RetryAfter = RetryAfter(e).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await context.Response.WriteAsJsonAsync(error, context.RequestAborted);
        }
    }

    private void Log(HttpContext context, int status, Exception e)
    {
        if (status == StatusCodes.Status500InternalServerError)
            _logger.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
        else if (status >= 409 && status != StatusCodes.Status413PayloadTooLarge && status != StatusCodes.Status415UnsupportedMediaType)
            _logger.LogWarning("{Method} {Path}: {Status} {Message}", context.Request.Method, context.Request.Path, status, e.Message);
    }

    /// <summary>Whole seconds to wait: the orchestrator's own advice when it gives one, else <see cref="RetryAfterSeconds"/>.</summary>
    private static int RetryAfter(Exception e) =>
        e is OrchestratorRetryLaterException later ? Math.Max(1, (int)Math.Ceiling(later.RetryAfter.TotalSeconds)) : RetryAfterSeconds;

    private static (int Status, ApiError Error)? Map(Exception e) => e switch
    {
        OrchestratorInputException input => (StatusCodes.Status400BadRequest, new ApiError(input.Message, input.Field)),
        ApiInputException input => (input.Status, new ApiError(input.Message, input.Field)),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge,
            new ApiError($"the request body is larger than {ApiLimits.MaxBodyBytes:N0} bytes, the most the API accepts")),
        BadHttpRequestException bad => (bad.StatusCode, new ApiError(bad.Message)),
        OrchestratorUnavailableException unavailable => (StatusCodes.Status503ServiceUnavailable, new ApiError(unavailable.Message)),
        OrchestratorRetryLaterException later => (StatusCodes.Status503ServiceUnavailable, new ApiError(later.Message)),
        IcRejectException { Code: RejectCode.SysTransient } reject => (StatusCodes.Status503ServiceUnavailable,
            new ApiError($"the IC refused for now (transient, nothing was done); retry: {reject.Message}")),
        IcUnknownOutcomeException unknown => (StatusCodes.Status503ServiceUnavailable,
            new ApiError($"the IC's answer was lost: {unknown.Method} may or may not have been applied ({unknown.Reason})")),
        IcRejectException reject => (StatusCodes.Status409Conflict, new ApiError($"the IC refused: {reject.Message}")),
        ConcurrencyConflictException conflict => (StatusCodes.Status409Conflict,
            new ApiError($"the record changed while the request ran; look again and retry if still wanted ({conflict.Message})")),
        OperationCanceledException => null,
        _ => (StatusCodes.Status500InternalServerError, new ApiError($"internal error: {e.Message}")),
    };
}
