using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

/// <summary>
/// Rules 3, 7 and 8 under load: one machine, 10,000 rounds of a faulting start, a stop, a re-entry and a healthy
/// start, issued at once in every order from two threads (in half the rounds the faulting start is
/// already running, in a quarter its error already handled), each round checked once it has settled.
/// </summary>
[NonParallelizable]
public sealed class StressTests
{
    private const int Rounds = 10_000;

    // Every order of the four operations; the first two run on a pool thread, the last two on the test's.
    private static readonly int[][] Orders =
        [.. from a in Enumerable.Range(0, 4) from b in Enumerable.Range(0, 4) from c in Enumerable.Range(0, 4)
            where a != b && a != c && b != c select new[] { a, b, c, 6 - a - b - c }];

    [Test, CancelAfter(60_000)]
    public async Task Concurrent_starts_stops_faults_and_reentries_keep_the_rules()
    {
        var machine = new Machine();
        int staleEntered = 0, thrown = 0, handled = 0, rawDiscarded = 0, faultedRounds = 0;
        State? lastStarted = null;
        machine.Transitioned += transition =>
        {
            if (transition.To is Stale) Interlocked.Increment(ref staleEntered);
            if (transition.Cause == TransitionCause.Start) Volatile.Write(ref lastStarted, transition.To);
        };
        machine.ErrorDiscarded += discarded =>
        {
            if (discarded.Error is not MachineFaultException) Interlocked.Increment(ref rawDiscarded);
        };
        Action countThrow = () => Interlocked.Increment(ref thrown), countHandled = () => Interlocked.Increment(ref handled);

        for (int round = 0; round < Rounds; round++)
        {
            var faulty = new Faulty(round, countThrow, countHandled);
            var healthy = new Swallowing(round);
            Volatile.Write(ref lastStarted, null);
            if (round % 2 == 0) machine.Start(faulty);  // half the rounds race with a fault already on its way
            if (round % 4 == 0)
            {
                await faulty.Handled.WaitAsync(Counters.Timeout);
                var own = await machine.Faulted.WaitAsync(Counters.Timeout);
                Assert.That(own.State, Is.SameAs(faulty), $"round {round}: a fault of another start");
                faultedRounds++;
            }
            Task stop = Task.CompletedTask;
            var ops = new Action[]
            {
                () => machine.Start(faulty),
                () => stop = machine.StopAsync(),
                () => machine.Schedule(current => current),
                () => machine.Start(healthy),
            };
            int[] order = Orders[round % Orders.Length];
            Task other = Task.Run(() =>
            {
                ops[order[0]]();
                ops[order[1]]();
            });
            Thread.SpinWait(round % 7 * 40);  // a different offset against the pool thread each round
            ops[order[2]]();
            ops[order[3]]();
            await other;
            Assert.That(await Task.WhenAny(stop, Task.Delay(Counters.Timeout)), Is.SameAs(stop), $"round {round}: a stop hung");
            await machine.StopAsync().WaitAsync(Counters.Timeout);

            Assert.That(machine.IsStarted, Is.False, $"round {round}");
            Assert.That(machine.Query(state => state), Is.Null, $"round {round}");
            if (machine.Fault is { } fault)
            {
                Assert.That(fault.State, Is.SameAs(faulty), $"round {round}: a fault of another start");
                Assert.That(Volatile.Read(ref lastStarted), Is.SameAs(faulty), $"round {round}: the fault outlived its start");
            }
        }

        Assert.That(staleEntered, Is.Zero, "a cancelled run's result was applied");
        Assert.That(thrown, Is.EqualTo(handled + rawDiscarded), "an error was neither handled nor reported as discarded");
        TestContext.Out.WriteLine($"{Rounds} rounds: {thrown} errors thrown, {handled} handled, {rawDiscarded} discarded; {faultedRounds} rounds faulted before the race");
    }

    /// <summary>A state whose run marks a result that must never apply: every run is cancelled before it answers.</summary>
    private sealed class Stale : State;

    /// <summary>Waits for the machine to leave, swallows the cancellation and answers anyway (a stale result).</summary>
    private sealed class Swallowing(int round) : State
    {
        public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Task.Yield();
            return new Stale();
        }

        public override string ToString() => $"Healthy{round}";
    }

    /// <summary>Throws after one hop, ignoring cancellation; its OnError counts, then fails the machine.</summary>
    private sealed class Faulty(int round, Action thrown, Action handled) : State
    {
        private readonly TaskCompletionSource _handled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Handled => _handled.Task;

        public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
        {
            await Task.Yield();
            thrown();
            throw new InvalidOperationException($"round {round} failed");
        }

        public override State? OnError(Exception error)
        {
            handled();
            _handled.TrySetResult();
            return base.OnError(error);
        }

        public override string ToString() => $"Faulty{round}";
    }
}
