using global::Stateless;

namespace Canic.Fsm.StateMachine.Stateless;

// Firing: a trigger is an engine event, evaluated on the loop against the state current when it is dequeued.
// When no activity is running, Stateless fires it at once (exit actions, state change, entry actions). When
// one is, the trigger is first probed: Stateless evaluates it up to the first exit action, which is the
// runtime's and stops there, so the loop knows where the machine goes before anything of the user's ran;
// the engine then cancels the running state's run, which cancels and awaits the activities of the states
// being left and only then fires the trigger for real (see LeaveAsync), before the next state is entered.
public sealed partial class StatelessMachine<TState, TTrigger>
{
    private const string ExitActionName = "runtime: cancel and await the state's activity";

    // The machine whose trigger Stateless is firing on this thread: Stateless calls the runtime's exit action,
    // transition observer and unhandled-trigger handler through static delegates, shared by all machines.
    [ThreadStatic] private static StatelessMachine<TState, TTrigger>? s_firing;
    private static readonly Action<StateMachine<TState, TTrigger>.Transition> s_exiting = static transition => s_firing!.Exiting(transition);

    private const int RecentTriggers = 4;
    private Firing?[]? _recentTriggers;  // argument-less firings, made by the first Fire
    private int _exits;                                              // states exited by the fire in progress
    private StateMachine<TState, TTrigger>.Transition? _transition;  // its first transition (from the first exit)
    private bool _probing;
    private Leaving? _leaving;        // a probed transition waiting for the running state's run to unwind
    private StateNode? _handling;     // the state a trigger is being handled in
    private Exception? _failing;      // the error whose trigger is being handled

    /// <summary>Queues <paramref name="trigger"/>. Thread-safe and non-blocking; dropped when the machine is not started.</summary>
    /// <param name="trigger">The trigger, evaluated against the state current when it is dequeued.</param>
    public void Fire(TTrigger trigger) => Schedule(Trigger(trigger));

    /// <summary>Queues a parameterized trigger (see <see cref="Fire(TTrigger)"/>).</summary>
    /// <typeparam name="TArg0">The argument's type.</typeparam>
    /// <param name="trigger">The trigger, from <see cref="SetTriggerParameters{TArg0}"/>.</param>
    /// <param name="arg0">The argument.</param>
    public void Fire<TArg0>(StateMachine<TState, TTrigger>.TriggerWithParameters<TArg0> trigger, TArg0 arg0) =>
        Schedule(Trigger(trigger, arg0));

    /// <summary>Queues a parameterized trigger (see <see cref="Fire(TTrigger)"/>).</summary>
    /// <typeparam name="TArg0">The first argument's type.</typeparam>
    /// <typeparam name="TArg1">The second argument's type.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="arg0">The first argument.</param>
    /// <param name="arg1">The second argument.</param>
    public void Fire<TArg0, TArg1>(StateMachine<TState, TTrigger>.TriggerWithParameters<TArg0, TArg1> trigger, TArg0 arg0, TArg1 arg1) =>
        Schedule(Trigger(trigger, arg0, arg1));

    /// <summary>Queues a parameterized trigger (see <see cref="Fire(TTrigger)"/>).</summary>
    /// <typeparam name="TArg0">The first argument's type.</typeparam>
    /// <typeparam name="TArg1">The second argument's type.</typeparam>
    /// <typeparam name="TArg2">The third argument's type.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="arg0">The first argument.</param>
    /// <param name="arg1">The second argument.</param>
    /// <param name="arg2">The third argument.</param>
    public void Fire<TArg0, TArg1, TArg2>(StateMachine<TState, TTrigger>.TriggerWithParameters<TArg0, TArg1, TArg2> trigger, TArg0 arg0, TArg1 arg1, TArg2 arg2) =>
        Schedule(Trigger(trigger, arg0, arg1, arg2));

    /// <summary>
    /// Queues a parameterized trigger with untyped arguments, checked against its declared types at once
    /// (an <see cref="ArgumentException"/> on the caller's thread, nothing queued).
    /// </summary>
    /// <param name="trigger">The trigger.</param>
    /// <param name="args">Its arguments.</param>
    public void Fire(StateMachine<TState, TTrigger>.TriggerWithParameters trigger, params object[] args)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        trigger.ValidateParameters(args);
        Schedule(new Firing(this, trigger.Trigger, trigger, args).Event);
    }

    /// <summary>The engine event that fires <paramref name="trigger"/>, for <c>MachineScript.Feed</c>.</summary>
    /// <param name="trigger">The trigger.</param>
    /// <returns>The event.</returns>
    public Event Trigger(TTrigger trigger) => FiringOf(trigger).Event;

    // A trigger without arguments is an immutable firing: the last ones made are reused (a small table by hash), so
    // that firing a repeated trigger allocates nothing and a long queue holds no garbage of its own.
    private Firing FiringOf(TTrigger trigger)
    {
        var recent = _recentTriggers ??= new Firing?[RecentTriggers];
        int slot = EqualityComparer<TTrigger>.Default.GetHashCode(trigger) & (RecentTriggers - 1);
        if (Volatile.Read(ref recent[slot]) is { } reused && EqualityComparer<TTrigger>.Default.Equals(reused.Trigger, trigger))
            return reused;
        var made = new Firing(this, trigger, null, null);
        Volatile.Write(ref recent[slot], made);
        return made;
    }

    /// <summary>The engine event that fires a parameterized trigger, for <c>MachineScript.Feed</c>.</summary>
    /// <typeparam name="TArg0">The argument's type.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="arg0">The argument.</param>
    /// <returns>The event.</returns>
    public Event Trigger<TArg0>(StateMachine<TState, TTrigger>.TriggerWithParameters<TArg0> trigger, TArg0 arg0) =>
        new Firing(this, trigger.Trigger, trigger, [arg0]).Event;

    /// <summary>The engine event that fires a parameterized trigger, for <c>MachineScript.Feed</c>.</summary>
    /// <typeparam name="TArg0">The first argument's type.</typeparam>
    /// <typeparam name="TArg1">The second argument's type.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="arg0">The first argument.</param>
    /// <param name="arg1">The second argument.</param>
    /// <returns>The event.</returns>
    public Event Trigger<TArg0, TArg1>(StateMachine<TState, TTrigger>.TriggerWithParameters<TArg0, TArg1> trigger, TArg0 arg0, TArg1 arg1) =>
        new Firing(this, trigger.Trigger, trigger, [arg0, arg1]).Event;

    /// <summary>The engine event that fires a parameterized trigger, for <c>MachineScript.Feed</c>.</summary>
    /// <typeparam name="TArg0">The first argument's type.</typeparam>
    /// <typeparam name="TArg1">The second argument's type.</typeparam>
    /// <typeparam name="TArg2">The third argument's type.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="arg0">The first argument.</param>
    /// <param name="arg1">The second argument.</param>
    /// <param name="arg2">The third argument.</param>
    /// <returns>The event.</returns>
    public Event Trigger<TArg0, TArg1, TArg2>(StateMachine<TState, TTrigger>.TriggerWithParameters<TArg0, TArg1, TArg2> trigger, TArg0 arg0, TArg1 arg1, TArg2 arg2) =>
        new Firing(this, trigger.Trigger, trigger, [arg0, arg1, arg2]).Event;

    // One trigger with its arguments, fired against the declaration.
    private sealed record Firing(
        StatelessMachine<TState, TTrigger> Owner, TTrigger Trigger, StateMachine<TState, TTrigger>.TriggerWithParameters? Parameters, object?[]? Arguments)
    {
        private Event? _event;

        // The engine event (bound to this firing: one delegate, made once, no closure).
        public Event Event => _event ??= Handle;

        private State? Handle(State current) => Owner.Handle(current, this);

        public void Apply(StateMachine<TState, TTrigger> declaration)
        {
            if (Parameters is null) declaration.Fire(Trigger);
            else declaration.Fire(Parameters, Arguments!);
        }
    }

    // A transition decided by a probe, fired for real once the activities of the states it leaves unwound.
    private sealed record Leaving(StateNode From, Firing Firing, StateMachine<TState, TTrigger>.Transition Transition, StateNode Next);

    private sealed class ProbeException(StateMachine<TState, TTrigger>.Transition transition) : Exception
    {
        public StateMachine<TState, TTrigger>.Transition Transition { get; } = transition;
    }

    private State? Handle(State current, Firing firing)
    {
        var node = (StateNode)current;
        _handling = node;
        try { return HasLiveActivity ? Probe(node, firing) : FireNow(node, firing); }
        finally { _handling = null; }
    }

    private State? FireNow(StateNode node, Firing firing)
    {
        Exception? error = Apply(firing);
        return Settle(node, error, next: null);
    }

    private State? Probe(StateNode node, Firing firing)
    {
        _probing = true;
        Exception? error;
        try { error = Apply(firing); }
        catch (ProbeException probe)
        {
            var next = new StateNode(probe.Transition.Destination, probe.Transition);
            _leaving = new Leaving(node, firing, probe.Transition, next);
            return next;
        }
        finally { _probing = false; }
        return Settle(node, error, next: null);  // ignored, internal or unhandled: nothing was left
    }

    // Fires for real (or probes); an exception of a user's action or guard is returned, to be routed.
    private Exception? Apply(Firing firing)
    {
        _exits = 0;
        _transition = null;
        var outer = s_firing;  // null, unless an action of another machine fires this one synchronously
        s_firing = this;
        try { firing.Apply(_declaration); }
        catch (Exception error) when (error is not (ProbeException or MachineFaultException)) { return error; }
        finally { s_firing = outer; }
        return null;
    }

    // After a real fire: the activities of the states exited are forgotten, the state reached is the next
    // node (a new one whenever a state was exited, a reentry too), and an error goes to the error trigger.
    private StateNode? Settle(StateNode node, Exception? error, StateNode? next)
    {
        TState reached = _declaration.State;
        bool moved = _exits > 0 || !EqualityComparer<TState>.Default.Equals(reached, node.Value);
        if (_exits > 0 && _running is { Count: > 0 })
        {
            if (Hierarchy.Count == 0) Forget(_transition!.Source);  // flat: only the source was exited
            else foreach (TState exited in StatesLeft(_transition!)) Forget(exited);  // the states exited, by Stateless's rule
        }
        if (moved)
        {
            next ??= new StateNode(reached, _transition);
            (next.Value, next.Transition) = (reached, _transition ?? next.Transition);
        }
        if (error is not null) Schedule(current => HandleError(current, error));
        return moved ? next : null;
    }

    // Runs in the left state's run, after the engine cancelled it and before it enters the next state.
    private async Task LeaveAsync(Leaving leaving)
    {
        await StopActivitiesAsync(StatesLeft(leaving.Transition)).ConfigureAwait(false);
        Exception? error;
        try { error = Apply(leaving.Firing); }
        catch (MachineFaultException fault) { error = fault; }  // the trigger went unhandled on the second evaluation
        if (error is MachineFaultException) Schedule(_ => throw error);
        else Settle(leaving.From, error, leaving.Next);
        leaving.Next.Value = _declaration.State;  // what the machine reached, even if a guard changed its mind
    }

    private void Exiting(StateMachine<TState, TTrigger>.Transition transition)
    {
        if (_probing) throw new ProbeException(transition);
        _exits++;
        _transition ??= transition;
    }

    private State? HandleError(State current, Exception error)
    {
        Firing? trigger = _errorTrigger
            ?? (_errorTriggerWithException is { } withException ? new Firing(this, withException.Trigger, withException, [error]) : null);
        if (trigger is null)
            throw new MachineFaultException($"{current} failed and no error trigger is configured: {error.Message}", current, error);
        _failing = error;
        try { return Handle(current, trigger); }
        finally { _failing = null; }
    }

    private void Unhandled(TState state, TTrigger trigger, ICollection<string> unmetGuards)
    {
        string guards = unmetGuards is { Count: > 0 } ? $" (unmet guards: {string.Join(", ", unmetGuards)})" : "";
        if (_failing is { } error)
            throw new MachineFaultException($"The error trigger '{trigger}' is not handled in state '{state}'{guards}; the error: {error.Message}", _handling, error);
        switch (_unhandledPolicy)
        {
            case UnhandledTriggerPolicy.Ignore: return;
            case UnhandledTriggerPolicy.Handler: _unhandledHandler!(state, trigger, unmetGuards ?? []); return;
            default: throw new MachineFaultException($"The trigger '{trigger}' is not handled in state '{state}'{guards}.", _handling, null);
        }
    }
}
