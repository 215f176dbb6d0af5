namespace Canic.Fsm.StateMachine;

/// <summary>
/// One state of a <see cref="Machine"/>: subclass it once per state. States are compared by reference
/// identity, never by type, so two instances of the same class are two different states.
/// </summary>
public abstract class State
{
    /// <summary>
    /// The state's work, started by the machine when the state is entered. It may return the next
    /// state (applied only if the machine is still in this exact state) or <c>null</c> to stay.
    /// The token is cancelled when the machine leaves the state; cancellation is not an error.
    /// </summary>
    /// <param name="machine">The machine that entered this state (a subclass may carry a context).</param>
    /// <param name="cancellationToken">Cancelled when the machine leaves this state or stops.</param>
    /// <returns>The next state, or <c>null</c> to stay in this one.</returns>
    public virtual ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken) => default;

    /// <summary>
    /// Handles an exception that escaped <see cref="RunAsync"/> while the machine was still in this
    /// state, and returns the state to move to (or <c>null</c> to stay). The default has no handler:
    /// it fails the machine (see <see cref="Machine.Fault"/>), so an error is never silent.
    /// </summary>
    /// <param name="error">The exception thrown by <see cref="RunAsync"/>.</param>
    /// <returns>The next state, or <c>null</c> to stay.</returns>
    public virtual State? OnError(Exception error) =>
        throw new MachineFaultException($"{this} failed and has no error handler: {error.Message}", this, error);

    /// <summary>A readable name for logs, queries and charts: the class name unless overridden.</summary>
    /// <returns>The state's name.</returns>
    public override string ToString() => GetType().Name;
}
