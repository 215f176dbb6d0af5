namespace Canic.Fsm.StateMachine;

/// <summary>A change of state, as seen by <see cref="Machine.Transitioned"/> observers.</summary>
/// <param name="From">The state left; <c>null</c> when the machine starts.</param>
/// <param name="To">The state entered; <c>null</c> when the machine stops.</param>
/// <param name="Cause">What caused the change.</param>
public readonly record struct Transition(State? From, State? To, TransitionCause Cause)
{
    /// <summary>"From => To (Cause)", with "(none)" for a missing side.</summary>
    /// <returns>The readable transition.</returns>
    public override string ToString() => $"{From?.ToString() ?? "(none)"} => {To?.ToString() ?? "(none)"} ({Cause})";
}
