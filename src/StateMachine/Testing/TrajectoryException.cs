namespace Canic.Fsm.StateMachine.Testing;

/// <summary>A <see cref="MachineScript"/> expectation failed; the message shows the trajectory seen.</summary>
public sealed class TrajectoryException : Exception
{
    /// <summary>Creates the failure.</summary>
    /// <param name="message">The expected and the actual trajectory.</param>
    /// <param name="innerException">The machine's fault, when it failed.</param>
    public TrajectoryException(string message, Exception? innerException = null) : base(message, innerException) { }
}
