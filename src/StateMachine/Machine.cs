using Canic.Fsm.StateMachine.Charts;

namespace Canic.Fsm.StateMachine;

/// <summary>
/// An async state machine: one current <see cref="State"/>, an unbounded event queue and one scheduler loop
/// that handles events one at a time. Entering a state starts its <see cref="State.RunAsync"/>; leaving it
/// cancels that run and waits until it has unwound. Subclass it to give states a context. The rules it keeps
/// (cited below as "Rule N") are written down in docs/ENGINE.md.
/// </summary>
public partial class Machine
{
    private readonly Chart? _chart;
    private readonly object _lifecycle = new();       // held by Start, StopAsync and the end of a failed start (Rule 7)
    private EventQueue? _events;                      // the queue of the current start; null when not started
    private Task _scheduler = Task.CompletedTask;     // the loop of the last start
    private int _starts;                              // numbers the starts: a fault belongs to the start it ended
    private volatile State? _state;
    private int _entries;                             // numbers the entries: a run's result applies to its own (Rule 3)
    private CancellationTokenSource? _runCancellation; // these two are touched by the loop only
    private RunWatch? _watch;                          // watches the current run; made by the first run that awaits

    /// <summary>Creates a machine whose transitions are not checked against a chart.</summary>
    public Machine() { }

    /// <summary>Creates a machine whose every transition must be declared in <paramref name="chart"/>.</summary>
    /// <param name="chart">The transitions this machine may take (share one chart per machine type).</param>
    public Machine(Chart chart) => _chart = chart ?? throw new ArgumentNullException(nameof(chart));

    /// <summary>
    /// Raised on the scheduler loop after every change of state, before the new state's run starts.
    /// Keep observers quick; an observer that throws fails the machine.
    /// </summary>
    public event Action<Transition>? Transitioned;

    /// <summary>True between <see cref="Start"/> and <see cref="StopAsync"/> (or a fault).</summary>
    public bool IsStarted => Volatile.Read(ref _events) is not null;

    /// <summary>
    /// Starts the machine in <paramref name="initial"/>; ignored when already started. A start that follows a
    /// stop or a fault forgets the fault and enters its state once the previous start's loop has finished.
    /// </summary>
    /// <param name="initial">The first state; its run starts on the scheduler loop, not on the caller.</param>
    public void Start(State initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        lock (_lifecycle)
        {
            if (_events is not null) return;
            ClearFault();
            var events = new EventQueue();
            Volatile.Write(ref _events, events);
            _scheduler = RunSchedulerAsync(events, ++_starts, initial, _scheduler);  // yields before any work
        }
    }

    /// <summary>
    /// Stops the machine: drops queued events, cancels the running state and waits until it and the scheduler
    /// have finished (when not started, waits only for a loop still finishing). Never await it from inside this
    /// machine's own run (the run would wait for itself): schedule the stop elsewhere instead.
    /// </summary>
    /// <returns>A task that completes when the machine has stopped.</returns>
    public Task StopAsync()
    {
        lock (_lifecycle)
        {
            EndStart();
            return _scheduler;  // the loop this stop ended (or the last one): never one started after it
        }
    }

    /// <summary>Queues an event. Thread-safe and non-blocking; dropped when the machine is not started.</summary>
    /// <param name="event">The event, evaluated against the state current when it is dequeued.</param>
    public void Schedule(Event @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        TrySchedule(@event);
    }

    /// <summary>
    /// As <see cref="Schedule"/>, for the last act of a state's own work on a pool thread: when the loop is waiting for
    /// events, it resumes on the calling thread and handles the event (and the transition it causes, up to its next
    /// wait) before the call returns, which saves a hop to the thread pool per event. Never call it from a thread that
    /// must not be held (a caller of the machine, a UI thread) nor while holding a lock.
    /// </summary>
    /// <param name="event">The event, evaluated against the state current when it is dequeued.</param>
    protected void ScheduleInline(Event @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        Volatile.Read(ref _events)?.TryWrite(@event, inline: true);
    }

    /// <summary>Projects the current state; <c>default</c> (null / false) when there is none.</summary>
    /// <typeparam name="T">The projected value.</typeparam>
    /// <param name="projection">Reads the state; called on the caller's thread.</param>
    /// <returns>The projection, or <c>default</c> before the first state is entered and after stop.</returns>
    public T? Query<T>(Func<State, T> projection) => _state is { } state ? projection(state) : default;

    // Probes for the tests that must catch the loop idle or hold its queue (InternalsVisibleTo).
    internal EventQueue? CurrentEvents => Volatile.Read(ref _events);

    internal bool IsWaitingForEvents => CurrentEvents?.ReaderWaits == true;

    private bool TrySchedule(Event @event) => Volatile.Read(ref _events)?.TryWrite(@event) == true;

    private bool IsCurrent(EventQueue events) => ReferenceEquals(Volatile.Read(ref _events), events);

    private void EndStart()  // under _lifecycle
    {
        if (_events is not { } events) return;
        Volatile.Write(ref _events, null);
        events.Complete();  // wakes an idle loop; whatever is still queued is dropped
    }

    // Rule 1: one loop, one event at a time, FIFO. A restart first waits for the previous loop.
    private async Task RunSchedulerAsync(EventQueue events, int start, State initial, Task previous)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        Exception? failure = null;
        try
        {
            if (IsCurrent(events)) Enter(null, initial, by: null);
            while (IsCurrent(events) && await events.WaitToReadAsync().ConfigureAwait(false))
                while (IsCurrent(events) && events.TryRead(out Event? @event))
                    if (@event(_state!) is { } next)
                    {
                        // Rule 2: the old run is cancelled and has unwound before the state changes.
                        // Awaited here, not in a helper, so a transition costs no state machine of its own.
                        await CancelRun().ConfigureAwait(false);
                        if (IsCurrent(events)) Enter(_state, next, @event);
                    }
        }
        catch (Exception error)
        {
            failure = error;
        }
        await LeaveAsync(events, start, failure).ConfigureAwait(false);
    }

    // Rule 5: the new state is visible (to queries and observers) before its run starts. The event that caused the
    // entry (null at start) is classified only when someone observes it.
    private void Enter(State? from, State next, Event? by)
    {
        _chart?.Check(from, next);
        _state = next;
        int entry = ++_entries;
        Transitioned?.Invoke(new Transition(from, next, CauseOf(by)));
        var cancellation = new CancellationTokenSource();
        _runCancellation = cancellation;
        BeginRun(next, entry, cancellation.Token);
    }

    // Cancels the run, after any open uncancellable section, and returns what completes once it has unwound and
    // its result or error has been handed over. Not async: the loop awaits the run itself.
    private ValueTask CancelRun()
    {
        if (HasOpenSection) return new ValueTask(CancelAfterSectionsAsync());
        _runCancellation?.Cancel();
        return _watch?.Unwound() ?? default;
    }

    // Stop or fault (Rule 7): a fault is recorded and ends its start at once, so no later start can be taken
    // for a healthy one meanwhile; then the run is cancelled and awaited, the machine emptied, and a stop
    // reported. Errors of the run left in the queue are reported as discarded (Rule 8).
    private async Task LeaveAsync(EventQueue events, int start, Exception? failure)
    {
        State? last = _state;
        if (failure is not null) Fail(start, failure, last);
        try { await CancelRun().ConfigureAwait(false); }
        catch (Exception error)  // an observer of discarded errors threw; after a fault it changes nothing
        {
            if (failure is null) Fail(start, failure = error, last);
        }
        _state = null;
        _runCancellation = null;
        try
        {
            ReportQueuedErrors(events);
            if (failure is null && last is not null) Transitioned?.Invoke(new Transition(last, null, TransitionCause.Stop));
        }
        catch (Exception error) { Fail(start, error, last); }
    }
}
