using global::Stateless.Reflection;

namespace Canic.Fsm.StateMachine.Stateless;

// Activities: the async work of a state, started when the state is entered (after its entry actions),
// cancelled when it is left and awaited before the next state's entry actions. They belong to the states of
// the current configuration (the state and its superstates), not to one engine state, so that moving between
// substates keeps the superstate's activity. The engine state's run holds them: when the engine cancels it,
// it stops the activities of the states being left (or all of them, on stop) and only then returns.
public sealed partial class StatelessMachine<TState, TTrigger>
{
    // Made by the first Activity declaration: a machine without activities pays for neither.
    private Dictionary<TState, ActivityDeclaration>? _activities;
    private List<RunningActivity>? _running;                  // of the current configuration, outermost first
    private Dictionary<TState, TState>? _superstates;        // filled at start when there are activities
    private HashSet<(TState, TTrigger)>? _reentries;         // PermitReentry declarations, by state and trigger

    /// <summary>
    /// Declares the activity of <paramref name="state"/>: started when the state is entered (after its entry
    /// actions), given a token cancelled when the state is left, and awaited before the next state's entry
    /// actions run. The trigger it returns is fired, unless the state was left meanwhile (a late result is
    /// discarded). An exception fires the error trigger or faults the machine.
    /// </summary>
    /// <param name="state">The state.</param>
    /// <param name="activity">The work; returns the trigger to fire when it is done.</param>
    /// <returns>This machine.</returns>
    public StatelessMachine<TState, TTrigger> Activity(TState state, Func<CancellationToken, Task<TTrigger>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return Declare(state, new ActivityDeclaration(activity, null));
    }

    /// <summary>As <see cref="Activity(TState, Func{CancellationToken, Task{TTrigger}})"/>, for work that fires no trigger when done.</summary>
    /// <param name="state">The state.</param>
    /// <param name="activity">The work.</param>
    /// <returns>This machine.</returns>
    public StatelessMachine<TState, TTrigger> Activity(TState state, Func<CancellationToken, Task> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return Declare(state, new ActivityDeclaration(null, activity));
    }

    private StatelessMachine<TState, TTrigger> Declare(TState state, ActivityDeclaration activity)
    {
        EnsureNotStarted();
        Configure(state);
        if (!(_activities ??= []).TryAdd(state, activity)) throw new InvalidOperationException($"State '{state}' already has an activity.");
        return this;
    }

    private sealed record ActivityDeclaration(Func<CancellationToken, Task<TTrigger>>? Fires, Func<CancellationToken, Task>? Silent)
    {
        // Starts the work: a trigger-returning one, or a silent one as a task whose result is ignored.
        public Task Start(CancellationToken token) => Fires is { } fires ? fires(token) : Silent!(token);
    }

    // An activity of the current configuration. Its token is its own, or (in a flat machine, see RunAsync) the
    // engine run's, which the engine cancels when it leaves the state. A flat machine's activity is recycled for a
    // later entry once the event that handed over its result has been handled (see HandleResult): until then a
    // late result must still find it stale, and afterwards nothing refers to it any more.
    private sealed class RunningActivity
    {
        private readonly CancellationTokenSource? _own;

        private readonly StatelessMachine<TState, TTrigger> _owner;
        private Firing? _result;
        private Event? _handleResult;  // made by the first result, reused with the activity

        public RunningActivity(StatelessMachine<TState, TTrigger> owner, TState state, CancellationToken runToken)
        {
            (_owner, State, Token) = (owner, state, runToken);
        }

        public RunningActivity(StatelessMachine<TState, TTrigger> owner, TState state)
        {
            (_owner, State, _own) = (owner, state, new CancellationTokenSource());
            Token = _own.Token;
        }

        public TState State { get; private set; }
        public CancellationToken Token { get; private set; }
        public Task Completion { get; set; } = Task.CompletedTask;
        public volatile bool Finished;

        // Binds a recycled flat activity to a new entry.
        public RunningActivity Reuse(TState state, CancellationToken runToken)
        {
            (State, Token, Finished, _result) = (state, runToken, false, null);
            return this;
        }

        // The engine event that fires the trigger the activity returned, if it is still current when dequeued.
        public Event Fires(Firing result)
        {
            _result = result;
            return _handleResult ??= HandleResult;
        }

        private State? HandleResult(State current)
        {
            State? next = _owner.IsCurrent(this) ? _owner.Handle(current, _result!) : null;
            if (_own is null) _owner.Recycle(this);
            return next;
        }

        // Asks the activity to stop (an activity on the run's token stops when the engine cancels the run).
        public void Stop() => _own?.Cancel();
    }

    private RunningActivity? _spare;  // a flat activity whose result was handled, for the next entry (the loop's)

    // On the loop, after the activity's one result event was handled: once its state has been left (the result moved
    // the machine on, or came late), it is spare. One that stays current (an ignored or internal trigger) is dropped
    // with its state later.
    private void Recycle(RunningActivity running)
    {
        if (!_running!.Contains(running)) _spare = running;
    }

    // Probe for the tests: the activities of the current configuration, finished or not.
    internal int ActivitiesInConfiguration => _running?.Count ?? 0;

    private bool HasLiveActivity
    {
        get
        {
            if (_running is null) return false;
            foreach (var running in _running)
                if (!running.Finished) return true;
            return false;
        }
    }

    // The engine state's run: starts the activities entered, then holds them until the engine leaves the state. In a
    // flat machine (no superstates) a state's activity never outlives the state, so the run is the activity itself,
    // on the run's token: no holding run and no second token per entry.
    private ValueTask<State?> RunAsync(StateNode node, CancellationToken cancellation)
    {
        if (_activities is null) return default;
        // A finished activity stays in the configuration until its state is left (its result may have been ignored),
        // and a stop takes out only the live ones: a start (its node has no transition) begins with none.
        if (node.Transition is null) _running?.Clear();
        if (Hierarchy.Count == 0)
        {
            if (!_activities.TryGetValue(node.Value, out var activity)) return default;
            var running = _spare?.Reuse(node.Value, cancellation) ?? new RunningActivity(this, node.Value, cancellation);
            _spare = null;
            (_running ??= []).Add(running);
            return (_flatRun ??= new FlatRun(this)).Start(node, running, activity);
        }
        StartActivities(node.Value);
        return HasLiveActivity ? new ValueTask<State?>(HoldAsync(node, cancellation)) : default;
    }

    private async Task<State?> HoldAsync(StateNode node, CancellationToken cancellation)
    {
        await Task.Delay(Timeout.Infinite, cancellation).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_leaving is { } leaving && ReferenceEquals(leaving.From, node))
        {
            _leaving = null;
            await LeaveAsync(leaving).ConfigureAwait(false);
        }
        else await StopActivitiesAsync(null).ConfigureAwait(false);  // a stop (or a transition with none live)
        return null;
    }

    // Starts the activities of the state and of its superstates that are not running yet, outermost first.
    private void StartActivities(TState state)
    {
        if (Hierarchy.TryGetValue(state, out TState? superstate)) StartActivities(superstate);
        if (!_activities!.TryGetValue(state, out var activity) || IndexOfRunning(state) >= 0) return;
        var started = new RunningActivity(this, state);
        (_running ??= []).Add(started);
        started.Completion = RunActivityAsync(started, activity);
    }

    private int IndexOfRunning(TState state)
    {
        if (_running is not { } running) return -1;
        for (int i = 0; i < running.Count; i++)
            if (EqualityComparer<TState>.Default.Equals(running[i].State, state)) return i;
        return -1;
    }

    private async Task RunActivityAsync(RunningActivity running, ActivityDeclaration activity)
    {
        Task work;
        try { work = activity.Start(running.Token); }
        catch (Exception error) { work = Task.FromException(error); }  // an activity that threw at once
        await work.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        running.Finished = true;
        if (!running.Token.IsCancellationRequested && ResultOf(running, activity, work) is { } result) ScheduleInline(result);
    }

    // The event that hands a finished activity's trigger or error to the loop (null for a silent activity that
    // succeeded), scheduled by the activity's last act on the thread that completed it: the loop, if idle, handles it
    // there (no second hop). It applies only while the activity is current; once its state was left, it is late.
    private Event? ResultOf(RunningActivity running, ActivityDeclaration activity, Task work)
    {
        if (work.Exception is { } failed)
        {
            Exception error = failed.InnerException ?? failed;
            return current => IsCurrent(running) ? HandleError(current, error) : null;
        }
        if (work.IsCanceled)  // cancelled by someone else than the machine: an error like any other (its own exception)
        {
            Exception error;
            try { work.GetAwaiter().GetResult(); error = new TaskCanceledException(work); }
            catch (OperationCanceledException cancelled) { error = cancelled; }
            return current => IsCurrent(running) ? HandleError(current, error) : null;
        }
        return activity.Fires is null ? null : running.Fires(FiringOf(((Task<TTrigger>)work).Result));
    }

    private bool IsCurrent(RunningActivity running) =>
        !running.Token.IsCancellationRequested && _running!.Contains(running);

    // Cancels the activities of the given states (all when null), then waits until every one has unwound.
    private async Task StopActivitiesAsync(IReadOnlyCollection<TState>? states)
    {
        if (_running is not { Count: > 0 } all) return;
        RunningActivity[] stopping = states is null ? [.. all] : [.. all.Where(running => states.Contains(running.State))];
        foreach (var running in stopping)
        {
            running.Stop();
            all.Remove(running);
        }
        foreach (var running in stopping)
            await running.Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    // A state exited without its activity having been stopped first (it had finished): cancel and drop it.
    private void Forget(TState state)
    {
        int index = IndexOfRunning(state);
        if (index < 0) return;
        _running![index].Stop();
        _running.RemoveAt(index);
    }

    // Stateless's rule: a transition exits the source and every superstate that does not contain the
    // destination; a reentry exits the source up to and including the state that declares it.
    private List<TState> StatesLeft(global::Stateless.StateMachine<TState, TTrigger>.Transition transition)
    {
        if (Hierarchy.Count == 0) return [transition.Source];  // flat: a transition that exits leaves its source only
        var left = new List<TState>();
        TState destination = transition.Destination;
        bool reentry = transition.IsReentry || _reentries!.Contains((destination, transition.Trigger));
        foreach (TState state in SelfAndSuperstates(transition.Source))
        {
            if (reentry)
            {
                left.Add(state);
                if (EqualityComparer<TState>.Default.Equals(state, destination)) break;
            }
            else if (Contains(state, destination)) break;
            else left.Add(state);
        }
        return left;
    }

    private bool Contains(TState ancestor, TState state)
    {
        foreach (TState current in SelfAndSuperstates(state))
            if (EqualityComparer<TState>.Default.Equals(current, ancestor)) return true;
        return false;
    }

    // The state, then its superstates outwards (no null test: a state may be a value type such as an enum).
    private IEnumerable<TState> SelfAndSuperstates(TState state)
    {
        var hierarchy = Hierarchy;
        yield return state;
        while (hierarchy.TryGetValue(state, out TState? superstate))
        {
            state = superstate;
            yield return state;
        }
    }

    private Dictionary<TState, TState> Hierarchy
    {
        get
        {
            if (Volatile.Read(ref _superstates) is null) PrepareHierarchy(force: true);
            return _superstates!;
        }
    }

    // The hierarchy and reentries from Stateless's own description, read once (configure before Start).
    private void PrepareHierarchy(bool force = false)
    {
        if (_activities is null && !force) return;
        lock (_configured)
        {
            if (_superstates is not null) return;
            var superstates = new Dictionary<TState, TState>();
            var reentries = new HashSet<(TState, TTrigger)>();
            foreach (StateInfo info in _declaration.GetInfo().States)
            {
                var state = (TState)info.UnderlyingState;
                if (info.Superstate is { } superstate) superstates[state] = (TState)superstate.UnderlyingState;
                foreach (FixedTransitionInfo transition in info.FixedTransitions)
                    if (Equals(transition.DestinationState.UnderlyingState, info.UnderlyingState))
                        reentries.Add((state, (TTrigger)transition.Trigger.UnderlyingTrigger));
            }
            _reentries = reentries;
            Volatile.Write(ref _superstates, superstates);
        }
    }
}
