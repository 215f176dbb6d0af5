namespace Canic.Fsm.StateMachine;

/// <summary>
/// Something that happened to a machine, as a pure and cheap function of the state current when the
/// event is dequeued: it returns the next state, or <c>null</c> to ignore the event.
/// </summary>
/// <param name="current">The machine's state when the event is handled.</param>
/// <returns>The next state, or <c>null</c> to stay.</returns>
public delegate State? Event(State current);
