namespace Canic.Fsm.StateMachine;

// The events a machine schedules for itself. Each applies only to the entry of a state that produced it (Rule 3):
// a late result is discarded, a late error reported as discarded (Rule 8). Their types also tell observers the
// cause of the transition.

/// <summary>A run returned <see cref="Next"/>: move there if the machine is still in the same entry.</summary>
internal sealed class RunResult(Machine machine, int entry, State next)
{
    public State Next { get; } = next;
    public State? Apply(State current) => machine.IsEntry(entry) ? Next : null;
}

/// <summary>A run threw: let the state that threw decide, if the machine is still in the same entry.</summary>
internal sealed class RunError(Machine machine, int entry, State failed, Exception error)
{
    public State? Apply(State current)
    {
        if (machine.IsEntry(entry)) return failed.OnError(error);
        Discard();
        return null;
    }

    public void Discard() => machine.ReportDiscarded(failed, error);
}
