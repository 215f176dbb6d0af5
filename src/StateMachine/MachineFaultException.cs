namespace Canic.Fsm.StateMachine;

/// <summary>
/// Why a machine failed: an error without a handler, a throwing <see cref="State.OnError"/>, event or
/// observer, or an undeclared transition. A failed machine has stopped; see <see cref="Machine.Fault"/>.
/// </summary>
public sealed class MachineFaultException : Exception
{
    /// <summary>Creates a fault.</summary>
    /// <param name="message">What went wrong, naming the state.</param>
    /// <param name="state">The state the machine was in, if any.</param>
    /// <param name="innerException">The exception that failed the machine.</param>
    public MachineFaultException(string message, State? state, Exception? innerException)
        : base(message, innerException) => State = state;

    /// <summary>The state the machine was in when it failed (<c>null</c> before the first state).</summary>
    public State? State { get; }
}
