using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

/// <summary>
/// Tests 1-10 of the original nim-codex test suite (docs/ENGINE.md, "The original tests"). Each waits for the
/// machine to get there, lets the loop handle everything queued, then asserts the exact counters and state.
/// </summary>
public sealed class CodexMachineTests : MachineTestBase
{
    private Event _next = null!;

    [SetUp]
    public void CreateEvent() => _next = CodexEvents.Next(Counters);

    /// <summary>Waits for the trajectory, then for the loop to handle what is queued behind it; returns the state.</summary>
    private async Task<State> SettledAfterAsync(params string[] trajectory)
    {
        await Script.ExpectAsync(trajectory);
        return await Machine.CurrentAfterQueuedAsync();
    }

    [Test]
    public async Task T01_calls_run_on_the_start_state()
    {
        Machine.Start(new State1(Counters));
        await SettledAfterAsync("State1", "State2");
        Assert.That(Counters.Runs[0], Is.EqualTo(1), "State1.run called exactly once");
    }

    [Test]
    public async Task T02_moves_to_the_next_state_when_run_completes()
    {
        Machine.Start(new State1(Counters));
        Assert.That(await SettledAfterAsync("State1", "State2"), Is.InstanceOf<State2>());
        Assert.That(Counters.Runs, Is.EqualTo(new[] { 1, 1, 0 }));
    }

    [Test]
    public async Task T03_state2_moves_to_state3_on_event()
    {
        Machine.Start(new State2(Counters));
        Machine.Schedule(_next);
        Assert.That(await SettledAfterAsync("State2", "State3"), Is.InstanceOf<State3>());
        Assert.That(Counters.Runs, Is.EqualTo(new[] { 0, 1, 1 }));
    }

    [Test]
    public async Task T04_a_transition_cancels_the_running_state()
    {
        Machine.Start(new State2(Counters));
        Machine.Schedule(_next);
        await Script.ExpectAsync("State2", "State3");
        // Rule 2: State2's run has unwound (and counted its cancellation) before State3 was entered.
        Assert.That(Counters.Cancellations, Is.EqualTo(new[] { 0, 1, 0 }));
    }

    [Test]
    public async Task T05_scheduled_events_are_handled_one_after_the_other()
    {
        Machine.Start(new State2(Counters));
        Machine.Schedule(_next);
        Machine.Schedule(_next);
        Assert.That(await SettledAfterAsync("State2", "State3", "State1", "State2"), Is.InstanceOf<State2>());
        Assert.That(Counters.Runs, Is.EqualTo(new[] { 1, 2, 1 }));
    }

    [Test]
    public async Task T06_stop_stops_scheduling_and_the_current_state()
    {
        Machine.Start(new State2(Counters));
        await Counters.UntilAsync(() => Counters.Runs[1] == 1, "State2 running");
        await Machine.StopAsync();
        Assert.That(Counters.Cancellations, Is.EqualTo(new[] { 0, 1, 0 }), "the stop cancelled and awaited State2's run");

        bool handled = false;
        Machine.Schedule(current =>
        {
            handled = true;
            return _next(current);
        });
        Assert.That(Machine.IsStarted, Is.False);
        Machine.Start(new Idle("Restarted"));  // an event kept across the stop would be handled before the probe
        await Machine.CurrentAfterQueuedAsync();

        Assert.That(handled, Is.False, "an event scheduled after the stop was handled");
        Assert.That(Counters.Runs, Is.EqualTo(new[] { 0, 1, 0 }));
        Assert.That(Counters.Cancellations, Is.EqualTo(new[] { 0, 1, 0 }));
    }

    [Test]
    public async Task T07_queries_the_current_state()
    {
        Machine.Start(new State2(Counters));
        await Script.ExpectAsync("State2");
        Assert.That(Machine.Name(), Is.EqualTo("State2"));
        Script.Feed(_next);
        await Script.ExpectAsync("State3");
        Assert.That(Machine.Name(), Is.EqualTo("State3"));
    }

    [Test]
    public async Task T08_no_queries_when_stopped()
    {
        Assert.That(Machine.Name(), Is.Null, "before start");
        Machine.Start(new State2(Counters));
        await Script.ExpectAsync("State2");
        Assert.That(Machine.Name(), Is.EqualTo("State2"));
        await Machine.StopAsync();
        Assert.That(Machine.Name(), Is.Null);
        Assert.That(Machine.Query(state => state is State2), Is.False);
    }

    [Test]
    public async Task T09_errors_go_to_the_error_handler()
    {
        Machine.Start(new State4(Counters));
        Assert.That(await SettledAfterAsync("State4", "State2"), Is.InstanceOf<State2>());
        Assert.That(Counters.Errors[3], Is.EqualTo(1));
        Assert.That(Counters.RunsWith4, Is.EqualTo(new[] { 0, 1, 0, 1 }));
        Assert.That(Machine.Fault, Is.Null);
    }

    [Test]
    public async Task T10_cancellation_is_not_an_error()
    {
        Machine.Start(new State2(Counters));
        Machine.Schedule(_next);
        await SettledAfterAsync("State2", "State3");  // an error event, had there been one, is handled by now
        Assert.That(Counters.Cancellations, Is.EqualTo(new[] { 0, 1, 0 }));
        Assert.That(Counters.Errors, Is.EqualTo(new[] { 0, 0, 0, 0 }));
        Assert.That(Machine.Fault, Is.Null);
        Assert.That(Machine.DiscardedErrors, Is.Zero);
    }
}
