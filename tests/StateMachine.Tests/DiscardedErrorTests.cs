using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

/// <summary>Rule 8: an error the machine can no longer handle is reported and counted, never dropped in silence.</summary>
public sealed class DiscardedErrorTests : MachineTestBase
{
    private readonly List<DiscardedError> _discarded = [];

    [SetUp]
    public void ObserveDiscardedErrors()
    {
        _discarded.Clear();
        Machine.ErrorDiscarded += discarded =>
        {
            lock (_discarded) _discarded.Add(discarded);
        };
    }

    private DiscardedError[] Discarded
    {
        get { lock (_discarded) return _discarded.ToArray(); }
    }

    [Test]
    public async Task An_error_of_an_earlier_entry_of_the_same_instance_is_reported_not_handled()
    {
        var entries = 0;
        var handled = 0;
        var boom = new InvalidOperationException("first entry failed");
        var self = new Handling("Flaky", () => Interlocked.Increment(ref handled), async token =>
        {
            if (Interlocked.Increment(ref entries) == 1) throw boom;  // queued behind the re-entry (EnterTwiceAsync)
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        });
        await EnterTwiceAsync(self);
        await Script.ExpectAsync("Flaky", "Flaky");
        Assert.That(await Machine.CurrentAfterQueuedAsync(), Is.SameAs(self));

        Assert.That(handled, Is.Zero, "OnError of a later entry handled the error of an earlier one");
        Assert.That(Discarded, Is.EqualTo(new[] { new DiscardedError(self, boom) }));
        Assert.That(Machine.DiscardedErrors, Is.EqualTo(1));
        Assert.That(Machine.Fault, Is.Null);
    }

    [Test]
    public async Task A_run_that_throws_while_a_transition_cancels_it_is_reported()
    {
        var cancelled = new TaskCompletionSource();
        var fail = new TaskCompletionSource();
        var left = new Scripted("Unwinding", async (_, token) =>
        {
            token.Register(() => cancelled.TrySetResult());
            await fail.Task;
            throw new IOException("cleanup failed");
        });
        Machine.Start(left);
        Machine.Schedule(_ => new Waiting("Next"));
        await cancelled.Task.WaitAsync(Counters.Timeout);
        fail.SetResult();
        await Script.ExpectAsync("Unwinding", "Next");

        Assert.That(Discarded.Single().State, Is.SameAs(left));
        Assert.That(Discarded.Single().Error, Is.InstanceOf<IOException>());
        Assert.That(Machine.DiscardedErrors, Is.EqualTo(1));
        Assert.That(Machine.Fault, Is.Null, "an error of a state already left does not fail the machine");
    }

    [Test]
    public async Task A_run_that_throws_while_the_machine_stops_is_reported()
    {
        var cancelled = new TaskCompletionSource();
        var fail = new TaskCompletionSource();
        Machine.Start(new Scripted("Stopping", async (_, token) =>
        {
            token.Register(() => cancelled.TrySetResult());
            await fail.Task;
            throw new IOException("cleanup failed");
        }));
        await Script.ExpectAsync("Stopping");
        Task stopping = Machine.StopAsync();
        await cancelled.Task.WaitAsync(Counters.Timeout);
        fail.SetResult();
        await stopping.WaitAsync(Counters.Timeout);

        Assert.That(Discarded.Select(d => d.Error.Message), Is.EqualTo(new[] { "cleanup failed" }));
        Assert.That(Machine.Fault, Is.Null);
    }

    [Test]
    public async Task An_error_still_queued_when_the_machine_stops_is_reported()
    {
        var fail = new TaskCompletionSource();
        var handled = 0;
        var failing = new Handling("Failing", () => Interlocked.Increment(ref handled), async _ =>
        {
            await fail.Task;
            throw new IOException("late");
        });
        Machine.Start(failing);
        await Script.ExpectAsync("Failing");
        Task stopping;
        using (BlockTheLoop())
        {
            fail.SetResult();  // the error is queued behind the held loop, or meets the stop: either way not handled
            stopping = Machine.StopAsync();
        }
        await stopping.WaitAsync(Counters.Timeout);

        Assert.That(handled, Is.Zero);
        Assert.That(Discarded.Select(d => d.Error.Message), Is.EqualTo(new[] { "late" }));
        Assert.That(Machine.DiscardedErrors, Is.EqualTo(1));
    }

    [Test]
    public async Task An_observer_of_discarded_errors_that_throws_fails_the_machine()
    {
        Machine.ErrorDiscarded += _ => throw new InvalidOperationException("observer broke");
        var entries = 0;
        var self = new Handling("Flaky", () => { }, async token =>
        {
            if (Interlocked.Increment(ref entries) == 1) throw new IOException("first entry failed");
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        });
        await EnterTwiceAsync(self);
        var fault = await Machine.Faulted.WaitAsync(Counters.Timeout);
        Assert.That(fault.Message, Does.Contain("observer broke"));
    }

    /// <summary>A state whose run does what the test says and whose OnError counts and stays.</summary>
    private sealed class Handling(string name, Action handled, Func<CancellationToken, Task> run) : State
    {
        public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
        {
            await run(cancellationToken);
            return null;
        }

        public override State? OnError(Exception error)
        {
            handled();
            return null;
        }

        public override string ToString() => name;
    }
}
