using global::Stateless;

namespace Canic.Fsm.StateMachine.Stateless;

public sealed partial class StatelessMachine<TState, TTrigger>
{
    /// <summary>
    /// The engine's state of a <see cref="StatelessMachine{TState, TTrigger}"/>: one per entry into a Stateless
    /// state (a reentry is a new one), as seen by <see cref="Machine.Transitioned"/> observers and
    /// <c>MachineScript</c>, whose names are the Stateless state's <see cref="object.ToString"/>.
    /// </summary>
    public sealed class StateNode : State
    {
        internal StateNode(TState value, StateMachine<TState, TTrigger>.Transition? transition) =>
            (Value, Transition) = (value, transition);

        /// <summary>The Stateless state the machine is in.</summary>
        public TState Value { get; internal set; }

        /// <summary>Stateless's transition that entered this state (its trigger and arguments); <c>null</c> at start.</summary>
        public StateMachine<TState, TTrigger>.Transition? Transition { get; internal set; }

        /// <inheritdoc />
        public override ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken) =>
            ((StatelessMachine<TState, TTrigger>)machine).RunAsync(this, cancellationToken);

        /// <summary>The Stateless state's name.</summary>
        /// <returns><see cref="Value"/> as text.</returns>
        public override string ToString() => Value.ToString() ?? "";
    }
}
