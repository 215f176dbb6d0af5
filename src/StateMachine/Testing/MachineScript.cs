namespace Canic.Fsm.StateMachine.Testing;

/// <summary>
/// Scripted event sequences for tests: records every state a machine enters, feeds it events and
/// awaits an expected trajectory with a timeout, so that a test never sleeps. Create it before
/// <see cref="Machine.Start"/> to see the initial state; dispose it to stop recording.
/// </summary>
public sealed class MachineScript : IDisposable
{
    /// <summary>The name recorded when the machine stops (a transition to no state).</summary>
    public const string Stopped = "(stopped)";

    private readonly Machine _machine;
    private readonly TimeSpan _timeout;
    private readonly List<string> _seen = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _checked;  // how much of the trajectory previous expectations consumed

    /// <summary>Starts recording the states <paramref name="machine"/> enters.</summary>
    /// <param name="machine">The machine under test.</param>
    /// <param name="timeout">How long an expectation may wait; 5 seconds when omitted.</param>
    public MachineScript(Machine machine, TimeSpan? timeout = null)
    {
        _machine = machine ?? throw new ArgumentNullException(nameof(machine));
        _timeout = timeout ?? TimeSpan.FromSeconds(5);
        _machine.Transitioned += Record;
    }

    /// <summary>The names of the states entered so far, in order (<see cref="Stopped"/> for a stop).</summary>
    public IReadOnlyList<string> Seen
    {
        get { lock (_seen) return _seen.ToArray(); }
    }

    /// <summary>Schedules <paramref name="events"/> on the machine, in order.</summary>
    /// <param name="events">The events to feed.</param>
    /// <returns>This script.</returns>
    public MachineScript Feed(params Event[] events)
    {
        foreach (var @event in events) _machine.Schedule(@event);
        return this;
    }

    /// <summary>
    /// Waits until the machine has entered exactly <paramref name="states"/> (by name), in order, after
    /// the states matched by previous expectations. Throws <see cref="TrajectoryException"/> at once on
    /// a different state or a fault, and after the timeout, showing the trajectory actually seen.
    /// </summary>
    /// <param name="states">The expected state names (<see cref="State.ToString"/>).</param>
    /// <returns>A task that completes when the trajectory has been seen.</returns>
    public async Task ExpectAsync(params string[] states)
    {
        using var timeout = new CancellationTokenSource(_timeout);
        while (true)
        {
            Task changed;
            string[] seen;
            lock (_seen) (seen, changed) = (_seen.ToArray(), _changed.Task);
            var actual = seen.Skip(_checked).Take(states.Length).ToArray();
            if (!actual.SequenceEqual(states.Take(actual.Length)))
                throw Mismatch("went elsewhere", states, seen);
            if (actual.Length == states.Length)
            {
                _checked += states.Length;
                return;
            }
            if (_machine.Fault is { } fault) throw Mismatch($"failed ({fault.Message})", states, seen, fault);
            await Task.WhenAny(changed, _machine.Faulted, Task.Delay(Timeout.Infinite, timeout.Token))
                .ConfigureAwait(false);
            if (timeout.IsCancellationRequested)
                throw Mismatch($"did not get there within {_timeout.TotalSeconds:0.###} s", states, Seen.ToArray());
        }
    }

    /// <summary>Stops recording.</summary>
    public void Dispose() => _machine.Transitioned -= Record;

    private void Record(Transition transition)
    {
        TaskCompletionSource changed;
        lock (_seen)
        {
            _seen.Add(transition.To?.ToString() ?? Stopped);
            (changed, _changed) = (_changed, new(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        changed.SetResult();
    }

    private TrajectoryException Mismatch(string what, string[] expected, string[] seen, Exception? fault = null) =>
        new($"Expected the machine to go through [{string.Join(", ", expected)}] after [{string.Join(", ", seen.Take(_checked))}], "
            + $"but it {what}; trajectory seen: [{string.Join(", ", seen)}].", fault);
}
