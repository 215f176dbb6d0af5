using Canic.Fsm.StateMachine.Testing;
using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

/// <summary>Scheduler rules 1-6 of DESIGN §1 that the original tests do not pin down on their own.</summary>
public sealed class SchedulerRuleTests
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
    public async Task Rule1_events_from_8_producers_are_applied_exactly_once_in_each_producers_order()
    {
        const int producers = 8, perProducer = 10_000;
        var applied = Enumerable.Range(0, producers).Select(_ => new List<int>(perProducer)).ToArray();
        _machine.Start(new Idle());
        await _script.ExpectAsync("Idle");

        var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            for (int i = 0; i < perProducer; i++)
            {
                int sequence = i;
                _machine.Schedule(_ =>
                {
                    applied[p].Add(sequence);  // only the loop touches these lists
                    return null;
                });
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        await _machine.CurrentAfterQueuedAsync();

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
        _machine.Start(slow);
        _script.Feed(_ => next);
        await _script.ExpectAsync("Slow", "Next");
        await _machine.CurrentAfterQueuedAsync();
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
        _machine.Start(stubborn);
        await _script.ExpectAsync("Stubborn");
        _machine.Schedule(_ => other);
        await cancelled.Task.WaitAsync(Counters.Timeout);
        release.SetResult();
        await _script.ExpectAsync("Other");
        Assert.That(await _machine.CurrentAfterQueuedAsync(), Is.SameAs(other));
        Assert.That(_script.Seen, Is.EqualTo(new[] { "Stubborn", "Other" }));
    }

    [Test]
    public async Task Rule4_an_operation_cancelled_without_the_machine_cancelling_is_an_error()
    {
        var handled = new TaskCompletionSource<Exception>();
        var state = new ErrorHandling(handled, async token =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(1));
            await Task.Delay(Timeout.Infinite, timeout.Token);  // not the run's token: a real failure
        });
        _machine.Start(state);
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
        _machine.Start(self);
        Assert.That(await seenByRun.Task.WaitAsync(Counters.Timeout), Is.SameAs(self));
    }

    [Test]
    public async Task Rule6_a_run_may_schedule_events_on_its_own_machine()
    {
        var done = new Idle("Done");
        var scheduling = new Scripted("Scheduling", async (machine, token) =>
        {
            machine.Schedule(_ => done);
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return null;
        });
        _machine.Start(scheduling);
        await _script.ExpectAsync("Scheduling", "Done");
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
