using Canic.Fsm.StateMachine.Testing;
using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

/// <summary>Scenarios A-G of reference/codex-machine.md.</summary>
public sealed class ScenarioTests
{
    private Counters _counters = null!;
    private Machine _machine = null!;
    private MachineScript _script = null!;

    [SetUp]
    public void SetUp()
    {
        _counters = new Counters();
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
    public async Task A_an_event_scheduled_before_start_is_dropped()
    {
        _machine.Schedule(CodexEvents.Next(_counters));
        _machine.Start(new State2(_counters));
        await _script.ExpectAsync("State2");
        Assert.That(await _machine.CurrentAfterQueuedAsync(), Is.InstanceOf<State2>());
        Assert.That(_counters.Runs, Is.EqualTo(new[] { 0, 1, 0 }));
    }

    [Test]
    public async Task B_a_second_start_is_ignored()
    {
        _machine.Start(new State1(_counters));
        _machine.Start(new State3(_counters));
        await _script.ExpectAsync("State1", "State2");
        await _machine.CurrentAfterQueuedAsync();
        Assert.That(_counters.Runs[2], Is.Zero, "State3 never runs");
    }

    [Test]
    public async Task C_stopping_a_machine_never_started_twice_is_a_no_op()
    {
        await _machine.StopAsync();
        await _machine.StopAsync();
        Assert.That(_machine.IsStarted, Is.False);
        Assert.That(_script.Seen, Is.Empty);
    }

    [Test]
    public async Task D_an_event_returning_a_new_instance_of_the_same_class_reenters()
    {
        var first = new State2(_counters);
        var second = new State2(_counters);
        _machine.Start(first);
        await _script.ExpectAsync("State2");
        _machine.Schedule(current => ReferenceEquals(current, first) ? second : null);
        await _script.ExpectAsync("State2");
        await _counters.UntilAsync(() => _counters.Runs[1] == 2, "the new State2 runs");
        Assert.That(_counters.Cancellations, Is.EqualTo(new[] { 0, 1, 0 }), "the old State2 was cancelled");
        Assert.That(_machine.Query(state => state), Is.SameAs(second));
    }

    [Test]
    public async Task E_an_event_is_evaluated_against_the_state_current_when_dequeued()
    {
        var final = new Idle("State4");
        _machine.Start(new State2(_counters));
        _script.Feed(current => current is State2 ? new State3(_counters) : null,
                     current => current is State3 ? final : null);
        await _script.ExpectAsync("State2", "State3", "State4");
        Assert.That(_machine.Query(state => state), Is.SameAs(final));
    }

    [Test]
    public async Task F_an_event_returning_none_changes_nothing()
    {
        var waiting = new Waiting("State3");
        _machine.Start(waiting);
        await _script.ExpectAsync("State3");
        _machine.Schedule(_ => null);
        Assert.That(await _machine.CurrentAfterQueuedAsync(), Is.SameAs(waiting));
        Assert.That(_script.Seen, Is.EqualTo(new[] { "State3" }), "not re-entered");
        Assert.That(waiting.Token.IsCancellationRequested, Is.False, "nothing cancelled");
    }

    [Test]
    public async Task G_a_run_error_with_the_default_handler_fails_the_machine_visibly()
    {
        var broken = new Broken();
        _machine.Start(broken);
        var fault = await _machine.Faulted.WaitAsync(Counters.Timeout);
        Assert.That(fault, Is.SameAs(_machine.Fault));
        Assert.That(fault.State, Is.SameAs(broken));
        Assert.That(fault.InnerException, Is.InstanceOf<InvalidOperationException>());
        Assert.That(fault.Message, Does.Contain("Broken").And.Contain("disk on fire"));
        Assert.That(_machine.IsStarted, Is.False);
        Assert.That(_machine.Query(state => state), Is.Null);
    }
}
