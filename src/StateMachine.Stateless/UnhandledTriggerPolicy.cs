namespace Canic.Fsm.StateMachine.Stateless;

/// <summary>What a <see cref="StatelessMachine{TState, TTrigger}"/> does with a trigger its current state does not handle.</summary>
public enum UnhandledTriggerPolicy
{
    /// <summary>The machine fails (see <c>Machine.Fault</c>): the closest to Stateless's exception, which here has no caller to reach.</summary>
    Fault,

    /// <summary>The trigger is dropped.</summary>
    Ignore,

    /// <summary>A handler given to <c>OnUnhandledTrigger</c> is called on the machine's loop.</summary>
    Handler,
}
