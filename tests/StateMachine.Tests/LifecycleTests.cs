using Canic.Fsm.StateMachine.Testing;
using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

/// <summary>Start and stop beyond the original: slow cancellations, restarts, the cancel path's cost.</summary>
public sealed class LifecycleTests
{
    private Machine _machine = null!;
    private MachineScript _script = null!;

    [SetUp]
    public void SetUp()
    {
        _machine = new Machine();
        _script = new MachineScript(_machine);
    }

    [TearDown]
    public async Task TearDown()
    {
        _script.Dispose();
        await _machine.StopAsync();
    }

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
        _machine.Start(slow);
        _machine.Schedule(_ => target);
        await cancelled.Task.WaitAsync(Counters.Timeout);

        Task stopping = _machine.StopAsync();
        Assert.That(stopping.IsCompleted, Is.False, "stop waits for the slow run to unwind");
        unwind.SetResult();
        await stopping.WaitAsync(Counters.Timeout);

        Assert.That(targetRan, Is.False);
        Assert.That(_machine.Query(state => state), Is.Null);
        Assert.That(_script.Seen, Is.EqualTo(new[] { "Slow", MachineScript.Stopped }));
    }

    [Test]
    public async Task The_same_machine_can_start_stop_and_start_again()
    {
        var first = new Waiting("First");
        _machine.Start(first);
        await _script.ExpectAsync("First");
        await _machine.StopAsync();
        Assert.That(first.Token.IsCancellationRequested, Is.True);

        _machine.Start(new Waiting("Second"));
        await _script.ExpectAsync(MachineScript.Stopped, "Second");
        Assert.That(_machine.IsStarted, Is.True);
        Assert.That(_machine.Name(), Is.EqualTo("Second"));
        _script.Feed(_ => new Idle("Third"));
        await _script.ExpectAsync("Third");
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
        _machine.Start(slow);
        await _script.ExpectAsync("Slow");
        Task stopping = _machine.StopAsync();
        _machine.Start(new Idle("Again"));
        unwind.SetResult();
        await stopping.WaitAsync(Counters.Timeout);
        await _script.ExpectAsync(MachineScript.Stopped, "Again");
    }

    [Test, NonParallelizable]
    public async Task Cancelling_runs_that_await_without_throwing_throws_no_exception_at_all()
    {
        const int transitions = 1_000;
        var states = new[] { new Waiting("A"), new Waiting("B") };
        _machine.Start(states[0]);
        await _script.ExpectAsync("A");
        int thrown = 0;
        EventHandler<System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs> count = (_, _) => Interlocked.Increment(ref thrown);
        AppDomain.CurrentDomain.FirstChanceException += count;
        try
        {
            for (int i = 0; i < transitions; i++)
                _machine.Schedule(current => new Waiting(current.ToString() == "A" ? "B" : "A"));
            await _machine.CurrentAfterQueuedAsync();
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= count;
        }
        Assert.That(_script.Seen, Has.Count.EqualTo(transitions + 1));
        Assert.That(thrown, Is.Zero);
    }
}
