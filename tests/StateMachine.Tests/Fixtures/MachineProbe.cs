namespace Canic.Fsm.StateMachine.Tests.Fixtures;

/// <summary>Helpers that ask the scheduler loop itself, so a test knows every earlier event was handled.</summary>
public static class MachineProbe
{
    /// <summary>
    /// Schedules an event that reports the state current when it is handled: since events are FIFO,
    /// every event scheduled before it (and every run result queued before it) has been handled.
    /// </summary>
    public static async Task<State> CurrentAfterQueuedAsync(this Machine machine)
    {
        var seen = new TaskCompletionSource<State>(TaskCreationOptions.RunContinuationsAsynchronously);
        machine.Schedule(current =>
        {
            seen.TrySetResult(current);
            return null;
        });
        return await seen.Task.WaitAsync(Counters.Timeout);
    }

    public static string? Name(this Machine machine) => machine.Query(state => state.ToString());
}
