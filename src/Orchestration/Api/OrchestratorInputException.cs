namespace Canic.Fsm.Orchestration.Api;

/// <summary>
/// Bad input to the orchestrator (unknown role or pool, invalid principal, budget too small): nothing
/// was written. <see cref="Field"/> names the offending input so that an API can answer 400 with it.
/// </summary>
public sealed class OrchestratorInputException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="field">The input field at fault, e.g. <c>role</c> or <c>pids[2]</c>.</param>
    /// <param name="message">What is wrong, naming the bad value.</param>
    public OrchestratorInputException(string field, string message) : base(message) => Field = field;

    /// <summary>The input field at fault.</summary>
    public string Field { get; }
}
