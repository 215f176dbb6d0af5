using Canic.Fsm.StateMachine.Testing;
using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

/// <summary>
/// The three races of docs/ENGINE.md (Rules 3 and 7), each driven into its window with gates; each test failed on
/// the engine before the fix. StressTests sweeps the same operations without gates.
/// </summary>
public sealed class RaceTests : MachineTestBase
{
    [Test]
    public async Task Rule7_a_fault_belongs_to_its_start_and_never_leaks_into_the_next_one()
    {
        var cancelled = new TaskCompletionSource();
        var unwind = new TaskCompletionSource();
        var stubborn = new Scripted("Stubborn", async (_, token) =>
        {
            token.Register(() => cancelled.TrySetResult());
            await unwind.Task;  // unwinds only when the test says so
            return null;
        });
        Machine.Start(stubborn);
        await Script.ExpectAsync("Stubborn");
        Task<MachineFaultException> firstFault = Machine.Faulted;
        Machine.Schedule(_ => throw new FormatException("bad event"));
        await cancelled.Task.WaitAsync(Counters.Timeout);  // the failed start is leaving: its run is unwinding

        bool lookedHealthy = !Machine.IsStarted && Machine.Fault is null;
        Machine.Start(new Waiting("Healthy"));
        unwind.SetResult();
        await Script.ExpectAsync("Healthy");
        await Machine.CurrentAfterQueuedAsync();  // the new start's loop is running, so the old loop has finished

        Assert.That(lookedHealthy, Is.False, "while its run unwound, the failing machine looked stopped and healthy");
        Assert.That(firstFault.IsCompleted, Is.True, "the first start's fault was reported");
        Assert.That((await firstFault).State, Is.SameAs(stubborn));
        Assert.That(Machine.IsStarted, Is.True);
        Assert.That(Machine.Fault, Is.Null, "the old fault leaked into the new start");
        Assert.That(Machine.Faulted.IsCompleted, Is.False);
    }

    [Test]
    public async Task Rule3_a_result_of_an_earlier_entry_of_the_same_instance_is_discarded()
    {
        var entries = 0;
        var idle = new Idle("Stale");
        var self = new Scripted("Slow", async (_, token) =>
        {
            if (Interlocked.Increment(ref entries) == 1) return idle;  // the first entry answers at once
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return null;
        });
        await EnterTwiceAsync(self);  // the first entry's result is queued behind the re-entry
        await Script.ExpectAsync("Slow", "Slow");
        Assert.That(await Machine.CurrentAfterQueuedAsync(), Is.SameAs(self));
        Assert.That(Script.Seen, Is.EqualTo(new[] { "Before", "Slow", "Slow" }), "the first entry's result applied to the second");
    }

    [Test]
    public async Task Rule3_a_result_returned_by_a_cancelled_run_is_discarded_after_a_reentry()
    {
        var cancelled = new TaskCompletionSource();
        var answer = new TaskCompletionSource();
        var entries = 0;
        State? self = null;
        self = new Scripted("Slow", async (_, token) =>
        {
            if (Interlocked.Increment(ref entries) > 1)
            {
                await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return null;
            }
            token.Register(() => cancelled.TrySetResult());
            await answer.Task;  // swallows the cancellation and answers anyway
            return new Idle("Stale");
        });
        Machine.Start(self);
        await Script.ExpectAsync("Slow");
        Machine.Schedule(current => current);  // re-enters the same instance
        await cancelled.Task.WaitAsync(Counters.Timeout);
        answer.SetResult();
        await Script.ExpectAsync("Slow");
        Assert.That(await Machine.CurrentAfterQueuedAsync(), Is.SameAs(self));
        Assert.That(Script.Seen, Is.EqualTo(new[] { "Slow", "Slow" }));
    }

    [Test]
    public async Task Rule7_a_stop_never_waits_for_a_start_that_followed_it()
    {
        // The gate: completing the start's queue is one of the stop's steps, and the queue's writers and Complete lock
        // the queue object itself. Holding that lock holds the stop after it has ended the start (IsStarted is false)
        // and before it has chosen the loop to wait for; a start issued then must not become the loop the stop waits on.
        // Before the fix the start went through, the stop then picked its loop and never completed (nobody stops it).
        Machine.Start(new Waiting("First"));
        await Script.ExpectAsync("First");
        await Machine.CurrentAfterQueuedAsync();  // the loop is idle, waiting for events: only the stop wakes it
        Task? stop = null;
        Caller stopper, starter;
        using (HoldLockOf(CurrentQueue(Machine)))
        {
            stopper = new Caller(() => stop = Machine.StopAsync());
            await UntilAsync(() => stopper.IsBlocked && !Machine.IsStarted, "the stop to end the start and reach the held queue");
            starter = new Caller(() => Machine.Start(new Waiting("Second")));
            await UntilAsync(() => starter.IsDone || starter.IsBlocked, "the start to return or to wait for the stop");
        }
        Assert.That(stopper.Join() && starter.Join(), Is.True, "a caller never returned");
        Assert.That(await Task.WhenAny(stop!, Task.Delay(Counters.Timeout)), Is.SameAs(stop), "StopAsync waited for the start that followed it");
        await Script.ExpectAsync(MachineScript.Stopped, "Second");
        Assert.That(Machine.IsStarted, Is.True, "the start issued during the stop was lost");
        await Machine.StopAsync().WaitAsync(Counters.Timeout);
        Assert.That(Machine.IsStarted, Is.False);
    }

    private static object CurrentQueue(Machine machine) =>
        machine.CurrentEvents ?? throw new InvalidOperationException("the machine has no current queue");

    // Polls a condition that has no notification (a thread's state); fails after the timeout.
    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > Counters.Timeout) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(1);
        }
    }

    /// <summary>Holds <paramref name="gate"/>'s monitor on a thread of its own until disposed.</summary>
    private static IDisposable HoldLockOf(object gate)
    {
        var held = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        var holder = new Thread(() =>
        {
            lock (gate)
            {
                held.Set();
                release.Wait();
            }
        }) { IsBackground = true };
        holder.Start();
        Assert.That(held.Wait(Counters.Timeout), Is.True, "the gate was never taken");
        return new Release(release, holder);
    }

    private sealed class Release(ManualResetEventSlim release, Thread holder) : IDisposable
    {
        public void Dispose()
        {
            release.Set();
            holder.Join();
        }
    }

    /// <summary>A call made on a thread of its own, so the test can see it blocked on a lock.</summary>
    private sealed class Caller
    {
        private readonly Thread _thread;
        private volatile bool _done;

        public Caller(Action call)
        {
            _thread = new Thread(() =>
            {
                call();
                _done = true;
            }) { IsBackground = true };
            _thread.Start();
        }

        public bool IsDone => _done;

        /// <summary>Waiting for a lock (a thread spinning for it first is not blocked yet).</summary>
        public bool IsBlocked => (_thread.ThreadState & ThreadState.WaitSleepJoin) != 0;

        public bool Join() => _thread.Join(Counters.Timeout);
    }
}
