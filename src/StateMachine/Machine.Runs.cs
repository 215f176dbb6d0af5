namespace Canic.Fsm.StateMachine;

// A state's run: its result or its error goes back through the queue as an event that applies only to
// the entry that produced it (Rules 3, 4 and 6); an error that can no longer change anything is reported (Rule 8).
public partial class Machine
{
    private long _discardedErrors;

    /// <summary>
    /// Raised when an error can no longer be handled: a run threw after the machine had left (or begun leaving) the
    /// entry of the state that ran it, or a start that a newer start has replaced failed. Raised on the thread that
    /// found it (the scheduler loop, or the run's own when the run threw while being cancelled); an observer that
    /// throws fails the machine.
    /// </summary>
    public event Action<DiscardedError>? ErrorDiscarded;

    /// <summary>How many errors this machine has discarded (see <see cref="ErrorDiscarded"/>), since it was created.</summary>
    public long DiscardedErrors => Interlocked.Read(ref _discardedErrors);

    internal bool IsEntry(int entry) => entry == _entries;  // read by the loop only, which alone writes _entries

    internal void ReportDiscarded(State? state, Exception error)
    {
        Interlocked.Increment(ref _discardedErrors);
        ErrorDiscarded?.Invoke(new DiscardedError(state, error));
    }

    private static TransitionCause CauseOf(Event? @event) => @event is null ? TransitionCause.Start : @event.Target switch
    {
        RunResult => TransitionCause.RunResult,
        RunError => TransitionCause.Error,
        _ => TransitionCause.Event,
    };

    // Starts the entered state's run. A run that has not completed is watched (RunWatch) until it has unwound; the
    // loop awaits that before it leaves the state.
    private void BeginRun(State state, int entry, CancellationToken cancellation)
    {
        ValueTask<State?> pending;
        try { pending = state.RunAsync(this, cancellation); }
        catch (Exception error)
        {
            Report(state, entry, error, cancellation);
            return;
        }
        if (pending.IsCompletedSuccessfully) Conclude(entry, pending.Result);
        else (_watch ??= new RunWatch(this)).Watch(pending, state, entry, cancellation);
    }

    internal void Conclude(int entry, State? next)
    {
        if (next is not null) Schedule(new RunResult(this, entry, next).Apply);
    }

    // Once the machine has asked the run to stop, it is leaving this entry and the error can change nothing;
    // otherwise the error goes through the queue, and is reported there if the entry has been left meanwhile.
    internal void Report(State state, int entry, Exception error, CancellationToken cancellation)
    {
        if (cancellation.IsCancellationRequested || !TrySchedule(new RunError(this, entry, state, error).Apply))
            ReportDiscarded(state, error);
    }

    private static void ReportQueuedErrors(EventQueue events)  // a stop or a fault dropped these with the queue
    {
        while (events.TryReadAny(out Event? @event))
            if (@event.Target is RunError error) error.Discard();
    }
}

/// <summary>An error the machine could no longer handle, as seen by <see cref="Machine.ErrorDiscarded"/> observers.</summary>
/// <param name="State">The state whose run threw (or, for a replaced start's fault, the state it was in).</param>
/// <param name="Error">The exception.</param>
public readonly record struct DiscardedError(State? State, Exception Error);
