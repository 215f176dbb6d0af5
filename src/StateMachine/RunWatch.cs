using System.Threading.Tasks.Sources;

namespace Canic.Fsm.StateMachine;

/// <summary>
/// Watches the run of the current entry until it has unwound, and hands its result or error to the machine
/// (<see cref="Machine.Conclude"/>, <see cref="Machine.Report"/>). A machine has one run at a time (the loop awaits a
/// run before it enters the next state, Rule 2), so one watch per machine is reused for every run instead of a
/// wrapper task per run: that wrapper was a sixth of what a cancelling transition allocated.
/// </summary>
internal sealed class RunWatch : IValueTaskSource
{
    private readonly Machine _machine;
    private readonly Action _onUnwound;
    private ManualResetValueTaskSourceCore<bool> _unwound;  // continuations inline: the loop resumes on the run's thread
    private ValueTask<State?> _run;                       // the rest describes the watched run; written before watching it
    private State? _state;
    private int _entry;
    private CancellationToken _cancellation;
    private bool _awaited = true;                         // the loop's: the last watched run has been handed to it

    public RunWatch(Machine machine)
    {
        _machine = machine;
        _onUnwound = OnUnwound;
    }

    /// <summary>Watches <paramref name="run"/>; the loop takes <see cref="Unwound"/> before it watches the next.</summary>
    public void Watch(ValueTask<State?> run, State state, int entry, CancellationToken cancellation)
    {
        _unwound.Reset();
        (_run, _state, _entry, _cancellation, _awaited) = (run, state, entry, cancellation, false);
        if (run.IsCompleted) OnUnwound();  // a run that failed at once: no hop to the thread pool
        else run.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onUnwound);
    }

    /// <summary>Completes once the watched run has unwound and been handed over; completed when nothing is watched.</summary>
    public ValueTask Unwound()
    {
        if (_awaited) return default;
        _awaited = true;
        // A run that ended by itself has usually been handed over already: then there is nothing to await.
        return _unwound.GetStatus(_unwound.Version) == ValueTaskSourceStatus.Succeeded ? default : new ValueTask(this, _unwound.Version);
    }

    private void OnUnwound()
    {
        ValueTask<State?> run = _run;
        State state = _state!;
        (_run, _state) = (default, null);
        try
        {
            // Rules 3, 4: a run that ends cancelled or returns after the machine asked it to stop has nothing to apply.
            // Its status is read before its result: a pooled run (PoolingAsyncValueTaskMethodBuilder) is reused once
            // its result has been taken, which is why a returned result is taken even when it is not applied.
            // A run that ended cancelled is not taken at all: that would throw on the cancel path (Rule 4).
            bool stopping = _cancellation.IsCancellationRequested;
            if (stopping && run.IsCompletedSuccessfully) run.GetAwaiter().GetResult();
            else if (!(stopping && run.IsCanceled))
            {
                try { _machine.Conclude(_entry, run.GetAwaiter().GetResult()); }
                catch (Exception error) { _machine.Report(state, _entry, error, _cancellation); }
            }
        }
        catch (Exception observerFailed)  // an observer of discarded errors threw: the loop fails the machine
        {
            _unwound.SetException(observerFailed);
            return;
        }
        _unwound.SetResult(true);
    }

    void IValueTaskSource.GetResult(short token) => _unwound.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _unwound.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _unwound.OnCompleted(continuation, state, token, flags);
}
