namespace Canic.Fsm.StateMachine;

/// <summary>Why a machine changed state.</summary>
public enum TransitionCause
{
    /// <summary><see cref="Machine.Start"/> entered the initial state.</summary>
    Start,

    /// <summary>An event given to <see cref="Machine.Schedule"/> returned the next state.</summary>
    Event,

    /// <summary>The previous state's <see cref="State.RunAsync"/> returned the next state.</summary>
    RunResult,

    /// <summary>The previous state's <see cref="State.OnError"/> returned the next state.</summary>
    Error,

    /// <summary><see cref="Machine.StopAsync"/> left the last state; the new state is <c>null</c>.</summary>
    Stop,
}
