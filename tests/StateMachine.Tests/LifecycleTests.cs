using Canic.Fsm.StateMachine.Testing;
using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

/// <summary>Start and stop beyond the original: slow cancellations, restarts, the cancel path's cost.</summary>
public sealed class LifecycleTests : MachineTestBase
{
    [Test]
    public async Task Stop_while_a_transition_waits_for_a_slow_cancellation_waits_too_and_never_enters_the_target()
    {
        var cancelled = new TaskCompletionSource();
        var unwind = new TaskCompletionSource();
        var targetRan = false;
        var target = new Scripted("Target", (_, _) =>
        {
            targetRan = true;
            return Task.FromResult<State?>(null);
        });
        var slow = new Scripted("Slow", async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancelled.SetResult();
            await unwind.Task;  // a cancellation that takes its time
            return null;
        });
        Machine.Start(slow);
        Machine.Schedule(_ => target);
        await cancelled.Task.WaitAsync(Counters.Timeout);

        Task stopping = Machine.StopAsync();
        Assert.That(stopping.IsCompleted, Is.False, "stop waits for the slow run to unwind");
        unwind.SetResult();
        await stopping.WaitAsync(Counters.Timeout);

        Assert.That(targetRan, Is.False);
        Assert.That(Machine.Query(state => state), Is.Null);
        Assert.That(Script.Seen, Is.EqualTo(new[] { "Slow", MachineScript.Stopped }));
    }

    [Test]
    public async Task The_sameMachine_can_start_stop_and_start_again()
    {
        var first = new Waiting("First");
        Machine.Start(first);
        await Script.ExpectAsync("First");
        await Machine.StopAsync();
        Assert.That(first.Token.IsCancellationRequested, Is.True);

        Machine.Start(new Waiting("Second"));
        await Script.ExpectAsync(MachineScript.Stopped, "Second");
        Assert.That(Machine.IsStarted, Is.True);
        Assert.That(Machine.Name(), Is.EqualTo("Second"));
        Script.Feed(_ => new Idle("Third"));
        await Script.ExpectAsync("Third");
    }

    [Test]
    public async Task A_restart_requested_while_stopping_begins_after_the_stop_has_finished()
    {
        var unwind = new TaskCompletionSource();
        var slow = new Scripted("Slow", async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await unwind.Task;
            return null;
        });
        Machine.Start(slow);
        await Script.ExpectAsync("Slow");
        Task stopping = Machine.StopAsync();
        Machine.Start(new Idle("Again"));
        unwind.SetResult();
        await stopping.WaitAsync(Counters.Timeout);
        await Script.ExpectAsync(MachineScript.Stopped, "Again");
    }

    [Test, NonParallelizable]
    public async Task Cancelling_runs_that_await_without_throwing_throws_no_exception_at_all()
    {
        const int transitions = 1_000;
        var states = new[] { new Waiting("A"), new Waiting("B") };
        Machine.Start(states[0]);
        await Script.ExpectAsync("A");
        int thrown = 0;
        EventHandler<System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs> count = (_, _) => Interlocked.Increment(ref thrown);
        AppDomain.CurrentDomain.FirstChanceException += count;
        try
        {
            for (int i = 0; i < transitions; i++)
                Machine.Schedule(current => new Waiting(current.ToString() == "A" ? "B" : "A"));
            await Machine.CurrentAfterQueuedAsync();
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= count;
        }
        Assert.That(Script.Seen, Has.Count.EqualTo(transitions + 1));
        Assert.That(thrown, Is.Zero);
    }
}
