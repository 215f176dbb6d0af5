using Canic.Fsm.StateMachine;

namespace Canic.Fsm.Tests.Shared;

/// <summary>
/// Completes once every machine it was handed has handled the event queued for it: one counter and one task for all
/// of them, not a task (and a thread-pool continuation) per machine, which at start-up is 100,000 of each.
/// </summary>
internal sealed class ProcessedCountdown
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending = 1; // the caller's own count, released by CloseAsync: no completion while machines are being added

    /// <summary>Ends the adding (call it once); the task completes when every machine added has processed its mark.</summary>
    public Task CloseAsync()
    {
        Signal();
        return _done.Task;
    }

    /// <summary>Queues a mark behind the events already queued on <paramref name="machine"/>.</summary>
    public void Add(Machine machine)
    {
        Interlocked.Increment(ref _pending);
        var mark = new Mark(this);
        machine.Schedule(mark.Handle);
        // Not started (or stopped meanwhile): the mark may have been dropped and there is nothing left to process.
        if (!machine.IsStarted) mark.Release();
    }

    private void Signal()
    {
        if (Interlocked.Decrement(ref _pending) == 0) _done.TrySetResult();
    }

    /// <summary>One machine's share: counted once, whether handled or released because the machine stopped.</summary>
    private sealed class Mark(ProcessedCountdown countdown)
    {
        private int _counted;

        public State? Handle(State current)
        {
            Release();
            return null;
        }

        public void Release()
        {
            if (Interlocked.Exchange(ref _counted, 1) == 0) countdown.Signal();
        }
    }
}
