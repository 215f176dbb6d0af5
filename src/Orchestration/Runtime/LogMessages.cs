using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Orchestration.Runtime;

/// <summary>The orchestrator's log lines that are not transitions.</summary>
internal static partial class LogMessages
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Attempt {AttemptId} needs role '{Role}', which is no longer configured: left for the operator")]
    public static partial void LogAttemptRoleMissing(this ILogger logger, string attemptId, string role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovery: resumed {Count} records ({Attempts} attempts, {Creations} creations, {PoolRows} pool rows waiting for a reset, {Released} reservations released); {Machines} pool canister machines started")]
    public static partial void LogRecovered(this ILogger logger, int count, int attempts, int creations, int poolRows, int released, int machines);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pool: {Ready}/{Minimum} ready, {Message}")]
    public static partial void LogRefill(this ILogger logger, long ready, int minimum, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Background work failed: {Message}")]
    public static partial void LogBackgroundFailure(this ILogger logger, Exception error, string message);
}
