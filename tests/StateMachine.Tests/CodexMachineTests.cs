using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

/// <summary>Tests 1-10 of the original nim-codex test suite (reference/codex-machine.md).</summary>
public sealed class CodexMachineTests
{
    private Counters _counters = null!;
    private Machine _machine = null!;
    private Event _next = null!;

    [SetUp]
    public void SetUp()
    {
        _counters = new Counters();
        _machine = new Machine();
        _next = CodexEvents.Next(_counters);
    }

    [TearDown]
    public async Task TearDown() => await _machine.StopAsync();

    [Test]
    public async Task T01_calls_run_on_the_start_state()
    {
        _machine.Start(new State1(_counters));
        await _counters.UntilAsync(() => _counters.Runs[0] == 1, "runs[S1] = 1");
    }

    [Test]
    public async Task T02_moves_to_the_next_state_when_run_completes()
    {
        _machine.Start(new State1(_counters));
        await _counters.UntilAsync(() => _counters.Runs.SequenceEqual([1, 1, 0]), "runs = [1,1,0]");
    }

    [Test]
    public async Task T03_state2_moves_to_state3_on_event()
    {
        _machine.Start(new State2(_counters));
        _machine.Schedule(_next);
        await _counters.UntilAsync(() => _counters.Runs.SequenceEqual([0, 1, 1]), "runs = [0,1,1]");
    }

    [Test]
    public async Task T04_a_transition_cancels_the_running_state()
    {
        _machine.Start(new State2(_counters));
        _machine.Schedule(_next);
        await _counters.UntilAsync(() => _counters.Cancellations.SequenceEqual([0, 1, 0]), "cancellations = [0,1,0]");
    }

    [Test]
    public async Task T05_scheduled_events_are_handled_one_after_the_other()
    {
        _machine.Start(new State2(_counters));
        _machine.Schedule(_next);
        _machine.Schedule(_next);
        await _counters.UntilAsync(() => _counters.Runs.SequenceEqual([1, 2, 1]), "runs = [1,2,1]");
    }

    [Test]
    public async Task T06_stop_stops_scheduling_and_the_current_state()
    {
        _machine.Start(new State2(_counters));
        await _counters.UntilAsync(() => _counters.Runs[1] == 1, "State2 running");
        await _machine.StopAsync();
        _machine.Schedule(_next);
        Assert.That(_counters.Runs, Is.EqualTo(new[] { 0, 1, 0 }));
        Assert.That(_counters.Cancellations, Is.EqualTo(new[] { 0, 1, 0 }));
    }

    [Test]
    public async Task T07_queries_the_current_state()
    {
        using var script = new Testing.MachineScript(_machine);
        _machine.Start(new State2(_counters));
        await script.ExpectAsync("State2");
        Assert.That(_machine.Name(), Is.EqualTo("State2"));
        script.Feed(_next);
        await script.ExpectAsync("State3");
        Assert.That(_machine.Name(), Is.EqualTo("State3"));
    }

    [Test]
    public async Task T08_no_queries_when_stopped()
    {
        Assert.That(_machine.Name(), Is.Null, "before start");
        _machine.Start(new State2(_counters));
        await _counters.UntilAsync(() => _machine.Name() is not null, "a queryable state");
        await _machine.StopAsync();
        Assert.That(_machine.Name(), Is.Null);
        Assert.That(_machine.Query(state => state is State2), Is.False);
    }

    [Test]
    public async Task T09_errors_go_to_the_error_handler()
    {
        _machine.Start(new State4(_counters));
        await _counters.UntilAsync(
            () => _counters.Errors[3] == 1 && _counters.RunsWith4.SequenceEqual([0, 1, 0, 1]), "errors[S4] = 1 and runs = [0,1,0,1]");
        Assert.That(_machine.Fault, Is.Null);
    }

    [Test]
    public async Task T10_cancellation_is_not_an_error()
    {
        _machine.Start(new State2(_counters));
        _machine.Schedule(_next);
        await _counters.UntilAsync(() => _counters.Cancellations.SequenceEqual([0, 1, 0]), "cancellations = [0,1,0]");
        await _machine.CurrentAfterQueuedAsync();  // an error event, had there been one, is handled by now
        Assert.That(_counters.Errors, Is.EqualTo(new[] { 0, 0, 0, 0 }));
        Assert.That(_machine.Fault, Is.Null);
    }
}
