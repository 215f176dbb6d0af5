using Canic.Fsm.StateMachine.Testing;
using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

/// <summary>Rules 1-6 of docs/ENGINE.md, as far as the original tests do not pin them down on their own.</summary>
public sealed class SchedulerRuleTests : MachineTestBase
{
    [Test]
    public async Task Rule1_events_from_8_producers_are_applied_exactly_once_in_each_producers_order()
    {
        const int producers = 8, perProducer = 10_000;
        var applied = Enumerable.Range(0, producers).Select(_ => new List<int>(perProducer)).ToArray();
        Machine.Start(new Idle());
        await Script.ExpectAsync("Idle");

        var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            for (int i = 0; i < perProducer; i++)
            {
                int sequence = i;
                Machine.Schedule(_ =>
                {
                    applied[p].Add(sequence);  // only the loop touches these lists
                    return null;
                });
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        await Machine.CurrentAfterQueuedAsync();

        for (int p = 0; p < producers; p++)
            Assert.That(applied[p], Is.EqualTo(Enumerable.Range(0, perProducer)), $"producer {p}");
    }

    [Test]
    public async Task Rule2_the_next_run_starts_only_after_the_cancelled_run_has_unwound()
    {
        var order = new List<string>();
        var next = new Scripted("Next", (_, _) =>
        {
            lock (order) order.Add("next runs");
            return Task.FromResult<State?>(null);
        });
        var slow = new Scripted("Slow", async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Task.Yield();  // unwinding takes another hop of the thread pool
            lock (order) order.Add("slow unwound");
            return null;
        });
        Machine.Start(slow);
        Script.Feed(_ => next);
        await Script.ExpectAsync("Slow", "Next");
        await Machine.CurrentAfterQueuedAsync();
        Assert.That(order, Is.EqualTo(new[] { "slow unwound", "next runs" }));
    }

    [Test]
    public async Task Rule3_a_late_result_of_a_state_already_left_is_discarded()
    {
        var release = new TaskCompletionSource();
        var cancelled = new TaskCompletionSource();
        var left = new Idle("Left");
        var other = new Idle("Other");
        var stubborn = new Scripted("Stubborn", async (_, token) =>
        {
            token.Register(() => cancelled.TrySetResult());
            await release.Task;  // ignores cancellation, then answers anyway
            return left;
        });
        Machine.Start(stubborn);
        await Script.ExpectAsync("Stubborn");
        Machine.Schedule(_ => other);
        await cancelled.Task.WaitAsync(Counters.Timeout);
        release.SetResult();
        await Script.ExpectAsync("Other");
        Assert.That(await Machine.CurrentAfterQueuedAsync(), Is.SameAs(other));
        Assert.That(Script.Seen, Is.EqualTo(new[] { "Stubborn", "Other" }));
    }

    [Test]
    public async Task Rule4_an_operation_cancelled_without_theMachine_cancelling_is_an_error()
    {
        var handled = new TaskCompletionSource<Exception>();
        var state = new ErrorHandling(handled, async token =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(1));
            await Task.Delay(Timeout.Infinite, timeout.Token);  // not the run's token: a real failure
        });
        Machine.Start(state);
        Assert.That(await handled.Task.WaitAsync(Counters.Timeout), Is.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Rule5_the_new_state_is_visible_to_query_before_its_run_starts()
    {
        var seenByRun = new TaskCompletionSource<State?>();
        State? self = null;
        self = new Scripted("Self", (machine, _) =>
        {
            seenByRun.SetResult(machine.Query(state => state));
            return Task.FromResult<State?>(null);
        });
        Machine.Start(self);
        Assert.That(await seenByRun.Task.WaitAsync(Counters.Timeout), Is.SameAs(self));
    }

    [Test]
    public async Task Rule6_a_run_may_schedule_events_on_its_ownMachine()
    {
        var done = new Idle("Done");
        var scheduling = new Scripted("Scheduling", async (machine, token) =>
        {
            machine.Schedule(_ => done);
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return null;
        });
        Machine.Start(scheduling);
        await Script.ExpectAsync("Scheduling", "Done");
    }

    private sealed class ErrorHandling(TaskCompletionSource<Exception> handled, Func<CancellationToken, Task> run) : State
    {
        public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
        {
            await run(cancellationToken);
            return null;
        }

        public override State? OnError(Exception error)
        {
            handled.SetResult(error);
            return null;
        }
    }
}
