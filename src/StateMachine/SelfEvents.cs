namespace Canic.Fsm.StateMachine;

// The events a machine schedules for itself. Each applies only while the machine is still in the
// state that produced it, so a late result or error of a state already left is discarded (rule 3);
// their types also tell observers the cause of the transition.

/// <summary>A run returned <see cref="Next"/>: move there if still in <see cref="From"/>.</summary>
internal sealed class RunResult(State from, State next)
{
    public State From { get; } = from;
    public State Next { get; } = next;
    public State? Apply(State current) => ReferenceEquals(current, From) ? Next : null;
}

/// <summary>A run threw: let the state that threw decide, if the machine is still in it.</summary>
internal sealed class RunError(State failed, Exception error)
{
    public State? Apply(State current) => ReferenceEquals(current, failed) ? failed.OnError(error) : null;
}
