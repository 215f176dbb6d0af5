namespace Canic.Fsm.Orchestration.Api;

/// <summary>
/// The IC did not give the answer a command needs (its retries were spent on transient rejects or unknown outcomes): nothing
/// was written, and the same command may succeed later. An API answers it 503 with <see cref="RetryAfter"/>.
/// </summary>
public sealed class OrchestratorRetryLaterException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What could not be done, and the IC's last answer.</param>
    /// <param name="retryAfter">A sensible wait before the command is sent again.</param>
    /// <param name="innerException">The last failure.</param>
    public OrchestratorRetryLaterException(string message, TimeSpan retryAfter, Exception? innerException = null) : base(message, innerException) =>
        RetryAfter = retryAfter;

    /// <summary>A sensible wait before the command is sent again.</summary>
    public TimeSpan RetryAfter { get; }
}
