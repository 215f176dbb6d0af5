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

    private sealed record ActivityDeclaration(Func<CancellationToken, Task<TTrigger>>? Fires, Func<CancellationToken, Task>? Silent);

    private sealed class RunningActivity(TState state)
    {
        public TState State { get; } = state;
        public CancellationTokenSource Cancellation { get; } = new();
        public Task Completion { get; set; } = Task.CompletedTask;
        public volatile bool Finished;
    }

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

    // The engine state's run: starts the activities entered, then holds them until the engine leaves the state.
    private ValueTask<State?> RunAsync(StateNode node, CancellationToken cancellation)
    {
        if (_activities is null) return default;
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
        var started = new RunningActivity(state);
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
        CancellationToken token = running.Cancellation.Token;
        TTrigger? result = default;
        try
        {
            if (activity.Fires is { } fires) result = await fires(token).ConfigureAwait(false);
            else await activity.Silent!(token).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            running.Finished = true;
            if (!token.IsCancellationRequested)  // an error after the state was left is late: discarded
                ScheduleInline(current => IsCurrent(running) ? HandleError(current, error) : null);
            return;
        }
        running.Finished = true;
        if (activity.Fires is not null && !token.IsCancellationRequested)
        {
            // The activity's last act, on a pool thread: the loop, if idle, handles the trigger here (no second hop).
            var firing = new Firing(this, result!, null, null);
            ScheduleInline(current => IsCurrent(running) ? Handle(current, firing) : null);
        }
    }

    private bool IsCurrent(RunningActivity running) =>
        !running.Cancellation.IsCancellationRequested && _running!.Contains(running);

    // Cancels the activities of the given states (all when null), then waits until every one has unwound.
    private async Task StopActivitiesAsync(IReadOnlyCollection<TState>? states)
    {
        if (_running is not { Count: > 0 } all) return;
        RunningActivity[] stopping = states is null ? [.. all] : [.. all.Where(running => states.Contains(running.State))];
        foreach (var running in stopping)
        {
            running.Cancellation.Cancel();
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
        _running![index].Cancellation.Cancel();
        _running.RemoveAt(index);
    }

    // Stateless's rule: a transition exits the source and every superstate that does not contain the
    // destination; a reentry exits the source up to and including the state that declares it.
    private List<TState> StatesLeft(global::Stateless.StateMachine<TState, TTrigger>.Transition transition)
    {
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
