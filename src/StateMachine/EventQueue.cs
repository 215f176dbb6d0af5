using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks.Sources;

namespace Canic.Fsm.StateMachine;

/// <summary>
/// The event queue of one start: unbounded, many writers, one reader (the scheduler loop). A channel would do,
/// but an idle machine would then hold about 1.1 KB of queue; this holds about 0.2 KB. Writers append under a lock;
/// the reader swaps the appended batch out under the same lock once per batch and reads it without one. Like a
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
            _appended.Enqueue(@event);
            if (!_readerWaits) return true;
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

    /// <summary>True when an event can be read; false once completed and empty. Reader only.</summary>
    public ValueTask<bool> WaitToReadAsync()
    {
        lock (this)
        {
            if (_appended.Count > 0 || _reading.Count > 0) return new(true);
            if (_completed) return new(false);
            _reader.Reset();
            _readerWaits = true;
        }
        return new(this, _reader.Version);
    }

    /// <summary>Reads the next event, if any. Reader only.</summary>
    public bool TryRead([MaybeNullWhen(false)] out Event @event)
    {
        if (_reading.TryDequeue(out @event)) return true;
        lock (this)
        {
            if (_appended.Count == 0) return false;
            (_appended, _reading) = (_reading, _appended);
        }
        return _reading.TryDequeue(out @event);
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _reader.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _reader.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _reader.OnCompleted(continuation, state, token, flags);
}
