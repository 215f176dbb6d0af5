using global::Stateless;

namespace Canic.Fsm.StateMachine.Stateless;

/// <summary>
/// A Stateless state machine run by the engine: declare it with Stateless's own API
/// (<see cref="Configure"/>, <see cref="SetTriggerParameters{TArg0}"/>), add an <see cref="Activity(TState, Func{CancellationToken, Task{TTrigger}})"/>
/// per state if it has long-running work, then <see cref="Start()"/> it. Triggers fired from any thread are
/// queued on the engine's channel and handled one at a time, in order, each against the state current when
/// it is dequeued (guards included). Errors never reach the caller that fired: they fire the error trigger
/// (<see cref="OnErrorFire(TTrigger)"/>) or fault the machine (<see cref="Machine.Fault"/>).
/// Entry, exit and internal-transition actions and guards run on the machine's loop and must be synchronous
/// and quick; asynchronous work belongs in activities, which are cancelled when their state is left.
/// </summary>
/// <typeparam name="TState">The states, as in Stateless (usually an enum).</typeparam>
/// <typeparam name="TTrigger">The triggers, as in Stateless (usually an enum).</typeparam>
public sealed partial class StatelessMachine<TState, TTrigger> : Machine
    where TState : notnull
    where TTrigger : notnull
{
    private readonly StateMachine<TState, TTrigger> _declaration;
    private readonly List<TState> _configured = [];  // states given the runtime's exit action (a list: smaller than a set)
    private UnhandledTriggerPolicy _unhandledPolicy = UnhandledTriggerPolicy.Fault;
    private Action<TState, TTrigger, ICollection<string>>? _unhandledHandler;
    private Firing? _errorTrigger;
    private StateMachine<TState, TTrigger>.TriggerWithParameters<Exception>? _errorTriggerWithException;

    /// <summary>Creates a machine in <paramref name="initialState"/>; configure it, then <see cref="Start()"/> it.</summary>
    /// <param name="initialState">The state the machine starts in.</param>
    public StatelessMachine(TState initialState)
    {
        _declaration = new StateMachine<TState, TTrigger>(initialState, FiringMode.Immediate);
        // Static delegates, shared by every machine of these types: the machine firing is found through
        // s_firing (see Apply), so a machine pays for no delegate of its own here or per state. The transition taken
        // is learnt from the runtime's exit action, which every state the machine can leave has (see Configure).
        _declaration.OnUnhandledTrigger(static (state, trigger, guards) => s_firing!.Unhandled(state, trigger, guards));
    }

    /// <summary>
    /// Stateless's configuration of <paramref name="state"/> (<c>Permit</c>, <c>PermitIf</c>, <c>SubstateOf</c>,
    /// <c>OnEntry</c>...). Configure every state before <see cref="Start()"/>; actions must be synchronous.
    /// </summary>
    /// <param name="state">The state to configure.</param>
    /// <returns>Stateless's configuration object for the state.</returns>
    public StateMachine<TState, TTrigger>.StateConfiguration Configure(TState state)
    {
        var configuration = _declaration.Configure(state);
        // The runtime's exit action comes first in every state, so that nothing of the user's runs before
        // the runtime has decided how to leave the state (see Probe).
        if (_configured.Contains(state)) return configuration;
        _configured.Add(state);
        configuration.OnExit(s_exiting, ExitActionName);
        return configuration;
    }

    /// <summary>Declares the argument types of <paramref name="trigger"/>, as Stateless's method of the same name.</summary>
    /// <typeparam name="TArg0">The argument's type.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <returns>The parameterized trigger, to pass to <see cref="Fire{TArg0}"/> and <c>PermitIf</c>/<c>OnEntryFrom</c>.</returns>
    public StateMachine<TState, TTrigger>.TriggerWithParameters<TArg0> SetTriggerParameters<TArg0>(TTrigger trigger) =>
        _declaration.SetTriggerParameters<TArg0>(trigger);

    /// <summary>Declares the argument types of <paramref name="trigger"/>, as Stateless's method of the same name.</summary>
    /// <typeparam name="TArg0">The first argument's type.</typeparam>
    /// <typeparam name="TArg1">The second argument's type.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <returns>The parameterized trigger.</returns>
    public StateMachine<TState, TTrigger>.TriggerWithParameters<TArg0, TArg1> SetTriggerParameters<TArg0, TArg1>(TTrigger trigger) =>
        _declaration.SetTriggerParameters<TArg0, TArg1>(trigger);

    /// <summary>Declares the argument types of <paramref name="trigger"/>, as Stateless's method of the same name.</summary>
    /// <typeparam name="TArg0">The first argument's type.</typeparam>
    /// <typeparam name="TArg1">The second argument's type.</typeparam>
    /// <typeparam name="TArg2">The third argument's type.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <returns>The parameterized trigger.</returns>
    public StateMachine<TState, TTrigger>.TriggerWithParameters<TArg0, TArg1, TArg2> SetTriggerParameters<TArg0, TArg1, TArg2>(TTrigger trigger) =>
        _declaration.SetTriggerParameters<TArg0, TArg1, TArg2>(trigger);

    /// <summary>
    /// Fires <paramref name="trigger"/> when an activity or an entry, exit or internal action throws,
    /// instead of faulting the machine. If the trigger is not handled where the machine is, it faults.
    /// </summary>
    /// <param name="trigger">The error trigger.</param>
    /// <returns>This machine.</returns>
    public StatelessMachine<TState, TTrigger> OnErrorFire(TTrigger trigger)
    {
        EnsureNotStarted();
        _errorTrigger = new Firing(this, trigger, null, null);
        _errorTriggerWithException = null;
        return this;
    }

    /// <summary>As <see cref="OnErrorFire(TTrigger)"/>, passing the exception as the trigger's argument.</summary>
    /// <param name="trigger">The error trigger, declared with <c>SetTriggerParameters&lt;Exception&gt;</c>.</param>
    /// <returns>This machine.</returns>
    public StatelessMachine<TState, TTrigger> OnErrorFire(StateMachine<TState, TTrigger>.TriggerWithParameters<Exception> trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        EnsureNotStarted();
        _errorTrigger = null;
        _errorTriggerWithException = trigger;
        return this;
    }

    /// <summary>What to do with a trigger that the current state does not handle (the default faults).</summary>
    /// <param name="policy"><see cref="UnhandledTriggerPolicy.Ignore"/> or <see cref="UnhandledTriggerPolicy.Fault"/>.</param>
    /// <returns>This machine.</returns>
    public StatelessMachine<TState, TTrigger> OnUnhandledTrigger(UnhandledTriggerPolicy policy)
    {
        if (policy is not (UnhandledTriggerPolicy.Ignore or UnhandledTriggerPolicy.Fault))
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "Give a handler to call one.");
        EnsureNotStarted();
        (_unhandledPolicy, _unhandledHandler) = (policy, null);
        return this;
    }

    /// <summary>
    /// Calls <paramref name="handler"/> on the machine's loop for a trigger that the current state does not
    /// handle, with the descriptions of the guards that were not met. An exception from it is an error.
    /// </summary>
    /// <param name="handler">The state, the trigger and the unmet guards' descriptions.</param>
    /// <returns>This machine.</returns>
    public StatelessMachine<TState, TTrigger> OnUnhandledTrigger(Action<TState, TTrigger, ICollection<string>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        EnsureNotStarted();
        (_unhandledPolicy, _unhandledHandler) = (UnhandledTriggerPolicy.Handler, handler);
        return this;
    }

    /// <summary>
    /// Starts the machine in its current Stateless state (the initial state the first time, the state it
    /// stopped in after a <see cref="Machine.StopAsync"/>); the activities of that state and of its superstates
    /// start. As in Stateless, no entry action runs. Ignored when already started.
    /// </summary>
    public void Start()
    {
        if (IsStarted) return;
        PrepareHierarchy();
        Start(new StateNode(_declaration.State, null));
    }

    private void EnsureNotStarted()
    {
        if (IsStarted) throw new InvalidOperationException("Configure the machine before starting it.");
    }
}
