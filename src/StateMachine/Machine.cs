using System.Threading.Channels;
using Canic.Fsm.StateMachine.Charts;

namespace Canic.Fsm.StateMachine;

/// <summary>
/// An async state machine: one current <see cref="State"/>, an unbounded event queue and one scheduler
/// loop that handles events one at a time. Entering a state starts its <see cref="State.RunAsync"/>;
/// leaving it cancels that run and waits until it has unwound. Subclass it to give states a context.
/// </summary>
public partial class Machine
{
    private static readonly UnboundedChannelOptions QueueOptions = new() { SingleReader = true };

    private readonly Chart? _chart;
    private Channel<Event>? _events;                 // the queue of the current start; null when not started
    private Task _scheduler = Task.CompletedTask;    // the loop of the last start
    private volatile State? _state;
    private CancellationTokenSource? _runCancellation;  // the rest is touched by the loop only
    private Task _run = Task.CompletedTask;

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

    /// <summary>Starts the machine in <paramref name="initial"/>; ignored when already started.</summary>
    /// <param name="initial">The first state; its run starts on the scheduler loop, not on the caller.</param>
    public void Start(State initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        var events = Channel.CreateUnbounded<Event>(QueueOptions);
        if (Interlocked.CompareExchange(ref _events, events, null) is not null) return;
        ClearFault();
        _scheduler = RunSchedulerAsync(events, initial, _scheduler);
    }

    /// <summary>
    /// Stops the machine: drops queued events, cancels the running state and waits until it and the
    /// scheduler have finished. A no-op when not started. Never await it from inside this machine's
    /// own run (the run would wait for itself): schedule the stop elsewhere instead.
    /// </summary>
    /// <returns>A task that completes when the machine has stopped.</returns>
    public async Task StopAsync()
    {
        Channel<Event>? events = Interlocked.Exchange(ref _events, null);
        if (events is null) return;
        events.Writer.TryComplete();  // wakes an idle loop; whatever is still queued is dropped
        await _scheduler.ConfigureAwait(false);
    }

    /// <summary>Queues an event. Thread-safe and non-blocking; dropped when the machine is not started.</summary>
    /// <param name="event">The event, evaluated against the state current when it is dequeued.</param>
    public void Schedule(Event @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        Volatile.Read(ref _events)?.Writer.TryWrite(@event);
    }

    /// <summary>Projects the current state; <c>default</c> (null / false) when there is none.</summary>
    /// <typeparam name="T">The projected value.</typeparam>
    /// <param name="projection">Reads the state; called on the caller's thread.</param>
    /// <returns>The projection, or <c>default</c> before the first state is entered and after stop.</returns>
    public T? Query<T>(Func<State, T> projection) => _state is { } state ? projection(state) : default;

    private bool IsCurrent(Channel<Event> events) => ReferenceEquals(Volatile.Read(ref _events), events);

    // Rule 1: one loop, one event at a time, FIFO. A restart first waits for the previous loop.
    private async Task RunSchedulerAsync(Channel<Event> events, State initial, Task previous)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        Exception? failure = null;
        try
        {
            if (IsCurrent(events)) Enter(null, initial, TransitionCause.Start);
            ChannelReader<Event> reader = events.Reader;
            while (IsCurrent(events) && await reader.WaitToReadAsync().ConfigureAwait(false))
                while (IsCurrent(events) && reader.TryRead(out Event? @event))
                    if (@event(_state!) is { } next)
                    {
                        // Rule 2: the old run is cancelled and has unwound before the state changes.
                        // Awaited here, not in a helper, so a transition costs no state machine of its own.
                        TransitionCause cause = CauseOf(@event);
                        await CancelRun().ConfigureAwait(false);
                        if (IsCurrent(events)) Enter(_state, next, cause);
                    }
        }
        catch (Exception error)
        {
            failure = error;
            Interlocked.CompareExchange(ref _events, null, events);  // a failed machine takes no more events
        }
        await LeaveAsync(failure).ConfigureAwait(false);
    }

    private static TransitionCause CauseOf(Event @event) => @event.Target switch
    {
        RunResult => TransitionCause.RunResult,
        RunError => TransitionCause.Error,
        _ => TransitionCause.Event,
    };

    // Rule 5: the new state is visible (to queries and observers) before its run starts.
    private void Enter(State? from, State next, TransitionCause cause)
    {
        _chart?.Check(from, next);
        _state = next;
        Transitioned?.Invoke(new Transition(from, next, cause));
        var cancellation = new CancellationTokenSource();
        _runCancellation = cancellation;
        _run = RunStateAsync(next, cancellation.Token);
    }

    // Cancels the run, after any open uncancellable section, and returns the task that completes once
    // it has unwound (the run's wrapper, which never faults). Not async: the loop awaits the run itself.
    private Task CancelRun()
    {
        if (HasOpenSection) return CancelAfterSectionsAsync();
        _runCancellation?.Cancel();
        return _run;
    }

    // Rules 3, 4 and 6: a result or an error goes through the queue, guarded by the state's identity;
    // a cancelled run is awaited without throwing and never reaches OnError. Never faults.
    private async Task RunStateAsync(State state, CancellationToken cancellation)
    {
        Task<State?> run;
        try
        {
            ValueTask<State?> pending = state.RunAsync(this, cancellation);
            if (pending.IsCompletedSuccessfully)
            {
                Conclude(state, pending.Result);
                return;
            }
            run = pending.AsTask();
        }
        catch (Exception error)
        {
            Schedule(new RunError(state, error).Apply);
            return;
        }
        await ((Task)run).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (run.IsCanceled && cancellation.IsCancellationRequested) return;
        try { Conclude(state, run.GetAwaiter().GetResult()); }
        catch (Exception error) { Schedule(new RunError(state, error).Apply); }
    }

    private void Conclude(State state, State? next)
    {
        if (next is not null) Schedule(new RunResult(state, next).Apply);
    }

    // Stop or fault: the run is cancelled and awaited, then the machine is empty; then it reports.
    private async Task LeaveAsync(Exception? failure)
    {
        State? last = _state;
        try { await CancelRun().ConfigureAwait(false); }
        catch (Exception error) { failure ??= error; }
        _state = null;
        _runCancellation = null;
        _run = Task.CompletedTask;
        if (failure is null && last is not null) NotifyStop(last);
        else if (failure is not null) Fail(failure, last);
    }

    private void NotifyStop(State last)
    {
        try { Transitioned?.Invoke(new Transition(last, null, TransitionCause.Stop)); }
        catch (Exception error) { Fail(error, last); }
    }
}
