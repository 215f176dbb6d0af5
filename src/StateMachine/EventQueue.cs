using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks.Sources;

namespace Canic.Fsm.StateMachine;

/// <summary>
/// The event queue of one start: unbounded, many writers, one reader (the scheduler loop). A channel would do,
/// but an idle machine would then hold about 1.1 KB of queue; this holds about 0.2 KB. Writers append under a lock;
/// the reader swaps the appended batch out under the same lock once per batch (the same step parks it when there is
/// none) and reads it without one; a writer that wakes the parked reader hands it its event directly. Like a
/// channel's segment, the arrays keep the size of the largest batch seen (8 B per event); trimming them after each
/// burst was tried and cost a large-object allocation per burst.
/// </summary>
internal sealed class EventQueue : IValueTaskSource<bool>
{
    private Queue<Event> _appended = new();   // guarded by this
    private Queue<Event> _reading = new();    // the reader's own
    private ManualResetValueTaskSourceCore<bool> _reader = new() { RunContinuationsAsynchronously = true };
    private bool _readerWaits, _completed;    // guarded by this

    /// <summary>
    /// Appends <paramref name="event"/>; false once the queue is completed (the start has ended). A reader waiting
    /// for events resumes on the thread pool, or on this thread before the call returns when <paramref name="inline"/>.
    /// </summary>
    public bool TryWrite(Event @event, bool inline = false)
    {
        lock (this)
        {
            if (_completed) return false;
            if (!_readerWaits)
            {
                _appended.Enqueue(@event);
                return true;
            }
            // The reader is parked with both queues empty and touches its own only once woken (below), so the
            // event goes straight to it: it reads it without taking the lock.
            _reading.Enqueue(@event);
            _readerWaits = false;
        }
        _reader.RunContinuationsAsynchronously = !inline;  // only this writer wakes the reader: no other writes it now
        _reader.SetResult(true);
        return true;
    }

    /// <summary>Takes no more events and wakes a waiting reader; what is queued stays readable.</summary>
    public void Complete()
    {
        lock (this)
        {
            _completed = true;
            if (!_readerWaits) return;
            _readerWaits = false;
        }
        _reader.RunContinuationsAsynchronously = true;  // never the loop's rest on a stopping caller's thread
        _reader.SetResult(false);
    }

    /// <summary>True while the reader waits for an event (for tests that must catch the loop idle).</summary>
    internal bool ReaderWaits
    {
        get { lock (this) return _readerWaits; }
    }

    /// <summary>
    /// True when an event can be read (the appended batch is taken over); false once completed and empty. Reader only:
    /// the loop calls it when <see cref="TryRead"/> found nothing, so one lock per batch both takes the batch and parks.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync()
    {
        if (_reading.Count > 0) return new(true);
        lock (this)
        {
            if (_appended.Count > 0)
            {
                (_appended, _reading) = (_reading, _appended);
                return new(true);
            }
            if (_completed) return new(false);
            _reader.Reset();
            _readerWaits = true;
        }
        return new(this, _reader.Version);
    }

    /// <summary>Reads the next event of the batch taken by <see cref="WaitToReadAsync"/>, if any, without a lock. Reader only.</summary>
    public bool TryRead([MaybeNullWhen(false)] out Event @event) => _reading.TryDequeue(out @event);

    /// <summary>Reads the next event, whichever batch holds it: for draining a completed queue. Reader only.</summary>
    public bool TryReadAny([MaybeNullWhen(false)] out Event @event)
    {
        if (_reading.TryDequeue(out @event)) return true;
        lock (this) (_appended, _reading) = (_reading, _appended);
        return _reading.TryDequeue(out @event);
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _reader.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _reader.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _reader.OnCompleted(continuation, state, token, flags);
}
