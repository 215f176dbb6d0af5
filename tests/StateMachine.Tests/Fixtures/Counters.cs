namespace Canic.Fsm.StateMachine.Tests.Fixtures;

/// <summary>
/// The original tests' runs[], cancellations[] and errors[] counters (index = state number), with a
/// way to await a condition on them: every change wakes the waiters, so nothing polls or sleeps.
/// </summary>
public sealed class Counters
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly int[] _runs = new int[6];
    private readonly int[] _cancellations = new int[6];
    private readonly int[] _errors = new int[6];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int[] Runs => Snapshot(_runs, 1, 3);
    public int[] RunsWith4 => Snapshot(_runs, 1, 4);
    public int[] Cancellations => Snapshot(_cancellations, 1, 3);
    public int[] Errors => Snapshot(_errors, 1, 4);

    public void Ran(int state) => Bump(_runs, state);
    public void Cancelled(int state) => Bump(_cancellations, state);
    public void Failed(int state) => Bump(_errors, state);

    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="what"/> after the timeout.</summary>
    public async Task UntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            Task changed;
            lock (_runs) changed = _changed.Task;
            if (condition()) return;
            await Task.WhenAny(changed, Task.Delay(System.Threading.Timeout.Infinite, timeout.Token));
            if (timeout.IsCancellationRequested && !condition())
                Assert.Fail($"timed out waiting for {what}: runs=[{string.Join(",", RunsWith4)}] "
                    + $"cancellations=[{string.Join(",", Cancellations)}] errors=[{string.Join(",", Errors)}]");
        }
    }

    private int[] Snapshot(int[] counters, int first, int last)
    {
        lock (_runs) return counters[first..(last + 1)];
    }

    private void Bump(int[] counters, int state)
    {
        TaskCompletionSource changed;
        lock (_runs)
        {
            counters[state]++;
            (changed, _changed) = (_changed, new(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        changed.SetResult();
    }
}
