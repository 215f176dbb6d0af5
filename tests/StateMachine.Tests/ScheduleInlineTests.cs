using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

/// <summary><c>ScheduleInline</c>: the idle loop resumes on the scheduling thread; a busy one just finds the event queued.</summary>
public sealed class ScheduleInlineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private sealed class ReportingMachine : Machine
    {
        public void Report(Event @event) => ScheduleInline(@event);
    }

    [Test]
    public async Task An_event_scheduled_inline_while_the_loop_waits_is_handled_on_the_scheduling_thread_before_the_call_returns()
    {
        var machine = new ReportingMachine();
        machine.Start(new Idle());
        try
        {
            // The loop is idle only once it has handled what was queued; no signal says so from outside, so try
            // until one report found it waiting (each is handled exactly once whichever thread handles it).
            var handledOn = new List<(int Attempt, int Thread)>();
            bool inline = false;
            for (int attempt = 0; attempt < 200 && !inline; attempt++)
            {
                int thisAttempt = attempt, reporter = 0;
                var thread = new Thread(() =>
                {
                    reporter = Environment.CurrentManagedThreadId;
                    machine.Report(_ =>
                    {
                        lock (handledOn) handledOn.Add((thisAttempt, Environment.CurrentManagedThreadId));
                        return null;
                    });
                    lock (handledOn) inline = handledOn.Contains((thisAttempt, reporter));
                });
                thread.Start();
                thread.Join();
                await machine.CurrentAfterQueuedAsync().WaitAsync(Timeout);
                await Task.Delay(10);  // let the loop go back to waiting
            }
            Assert.That(inline, Is.True, "no report was handled on its own thread");
            Assert.That(handledOn.Select(handled => handled.Attempt), Is.EqualTo(Enumerable.Range(0, handledOn.Count)), "each once, in order");
        }
        finally { await machine.StopAsync().WaitAsync(Timeout); }
    }

    [Test]
    public async Task An_event_scheduled_inline_while_the_loop_is_busy_is_left_to_the_loop_in_order()
    {
        var machine = new ReportingMachine();
        machine.Start(new Idle());
        try
        {
            var handled = new List<string>();
            using var held = new ManualResetEventSlim();
            using var release = new ManualResetEventSlim();
            machine.Schedule(_ =>
            {
                held.Set();
                release.Wait(Timeout);
                lock (handled) handled.Add("blocking");
                return null;
            });
            Assert.That(held.Wait(Timeout), Is.True);
            machine.Report(_ =>
            {
                lock (handled) handled.Add("inline");
                return new Idle("Next");
            });
            machine.Schedule(_ =>
            {
                lock (handled) handled.Add("queued after");
                return null;
            });
            lock (handled) Assert.That(handled, Is.Empty, "the report returned without handling anything");
            release.Set();
            await machine.CurrentAfterQueuedAsync().WaitAsync(Timeout);
            Assert.That(handled, Is.EqualTo(new[] { "blocking", "inline", "queued after" }));
            Assert.That(machine.Query(state => state.ToString()), Is.EqualTo("Next"));
        }
        finally { await machine.StopAsync().WaitAsync(Timeout); }
    }
}
