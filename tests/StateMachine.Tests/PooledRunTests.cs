using System.Runtime.CompilerServices;
using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

/// <summary>
/// Runs written with <see cref="PoolingAsyncValueTaskMethodBuilder{TResult}"/>: their <see cref="ValueTask{TResult}"/> is
/// backed by a reusable source, not a task, so the machine must read its status before taking its result, take the
/// result once, and never mix one run's result with the next run's (the same source serves both).
/// </summary>
public sealed class PooledRunTests : MachineTestBase
{
    // Awaits once, then hands over to its partner until the countdown ends.
    private sealed class PooledBouncer(string name, Countdown countdown) : State
    {
        public PooledBouncer Partner { get; set; } = null!;

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return countdown.Signal() ? Partner : null;
        }

        public override string ToString() => name;
    }

    private sealed class Countdown(int count)
    {
        private int _remaining = count;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Signal()
        {
            if (Interlocked.Decrement(ref _remaining) > 0) return true;
            Done.TrySetResult();
            return false;
        }
    }

    // Swallows its cancellation and returns a state anyway, after the gate opens; or throws, if told to.
    private sealed class PooledStubborn(TaskCompletionSource cancelled, Task gate, bool throws) : State
    {
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
        {
            cancellationToken.Register(() => cancelled.TrySetResult());
            await gate;
            if (throws) throw new InvalidOperationException("late failure");
            return new Idle("Stale");
        }

        public override string ToString() => "Stubborn";
    }

    [Test]
    public async Task Ten_thousand_pooled_runs_each_apply_their_own_result_once()
    {
        const int Runs = 10_000;
        var countdown = new Countdown(Runs);
        var ping = new PooledBouncer("Ping", countdown);
        var pong = new PooledBouncer("Pong", countdown) { Partner = ping };
        ping.Partner = pong;
        int transitions = 0;
        Machine.Transitioned += transition => { if (transition.Cause == TransitionCause.RunResult) transitions++; };
        Machine.Start(ping);
        await countdown.Done.Task.WaitAsync(Counters.Timeout);
        await Machine.CurrentAfterQueuedAsync();
        Assert.That(transitions, Is.EqualTo(Runs - 1), "one transition per run that returned its partner, none twice");
        Assert.That(Machine.Query(state => state.ToString()), Is.EqualTo(Runs % 2 == 0 ? "Pong" : "Ping"));
        Assert.That(Machine.Fault, Is.Null);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_pooled_run_left_by_a_transition_has_its_late_result_or_error_discarded(bool throws)
    {
        var cancelled = new TaskCompletionSource();
        var gate = new TaskCompletionSource();
        Machine.Start(new PooledStubborn(cancelled, gate.Task, throws));
        await Script.ExpectAsync("Stubborn");
        Machine.Schedule(_ => new Waiting("Next"));
        await cancelled.Task.WaitAsync(Counters.Timeout);
        gate.SetResult();
        await Script.ExpectAsync("Next");
        Assert.That(await Machine.CurrentAfterQueuedAsync(), Has.Property("Token").Not.EqualTo(CancellationToken.None));
        Assert.That(Machine.Query(state => state.ToString()), Is.EqualTo("Next"));
        Assert.That(Machine.Fault, Is.Null);
        Assert.That(Machine.DiscardedErrors, Is.EqualTo(throws ? 1 : 0));
    }
}
