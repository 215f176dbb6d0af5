using Canic.Fsm.StateMachine;

namespace Canic.Fsm.Benchmarks.Engine;

/// <summary>Counts down the operations of one invocation and signals when they are all done.</summary>
public sealed class Countdown
{
    private int _remaining;
    private TaskCompletionSource _done = new();

    public Task Reset(int operations)
    {
        _done = new TaskCompletionSource();
        Volatile.Write(ref _remaining, operations);
        return _done.Task;
    }

    /// <summary>Counts one operation; true while more are expected.</summary>
    public bool Signal()
    {
        if (Interlocked.Decrement(ref _remaining) != 0) return true;
        _done.SetResult();
        return false;
    }
}

/// <summary>How the engine benchmarks feed a machine.</summary>
public static class Feeding
{
    /// <summary>
    /// Schedules <paramref name="event"/> <paramref name="count"/> times, then one event more that completes the
    /// returned task: it completes once the loop has handled them all.
    /// </summary>
    public static Task ScheduleAll(this Machine machine, Event @event, int count)
    {
        var handled = new TaskCompletionSource();
        for (int i = 0; i < count; i++) machine.Schedule(@event);
        machine.Schedule(_ =>
        {
            handled.SetResult();
            return null;
        });
        return handled.Task;
    }
}

/// <summary>A state with no work.</summary>
public sealed class Resting : State;

/// <summary>A state whose run signals a countdown, then stays.</summary>
public sealed class Entered(Countdown countdown) : State
{
    public override ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
    {
        countdown.Signal();
        return default;
    }
}

/// <summary>A state whose run signals a countdown, then awaits (without throwing) until cancelled.</summary>
public sealed class Awaiting(Countdown? countdown = null) : State
{
    public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
    {
        countdown?.Signal();
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return null;
    }
}

/// <summary>Returns its partner at once until the countdown ends: one transition per run.</summary>
public sealed class Bouncer(Countdown countdown) : State
{
    public Bouncer Partner { get; set; } = null!;

    public override ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken) =>
        new(countdown.Signal() ? Partner : null);
}
