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
            int reporter = 0, handler = 0;
            await machine.CurrentAfterQueuedAsync().WaitAsync(Timeout);
            Assert.That(SpinWait.SpinUntil(() => machine.IsWaitingForEvents, Timeout), Is.True, "the loop went back to waiting");
            var thread = new Thread(() =>
            {
                reporter = Environment.CurrentManagedThreadId;
                machine.Report(_ =>
                {
                    handler = Environment.CurrentManagedThreadId;
                    return new Idle("Reported");
                });
            });
            thread.Start();
            thread.Join();
            Assert.That(handler, Is.EqualTo(reporter), "handled on the reporting thread, before Report returned");
            Assert.That(machine.Query(state => state.ToString()), Is.EqualTo("Reported"));
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
