using Canic.Fsm.StateMachine.Testing;
using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

/// <summary>Scenarios A-G of docs/ENGINE.md ("The original tests and scenarios").</summary>
public sealed class ScenarioTests : MachineTestBase
{
    [Test]
    public async Task A_an_event_scheduled_before_start_is_dropped()
    {
        Machine.Schedule(CodexEvents.Next(Counters));
        Machine.Start(new State2(Counters));
        await Script.ExpectAsync("State2");
        Assert.That(await Machine.CurrentAfterQueuedAsync(), Is.InstanceOf<State2>());
        Assert.That(Counters.Runs, Is.EqualTo(new[] { 0, 1, 0 }));
    }

    [Test]
    public async Task B_a_second_start_is_ignored()
    {
        Machine.Start(new State1(Counters));
        Machine.Start(new State3(Counters));
        await Script.ExpectAsync("State1", "State2");
        await Machine.CurrentAfterQueuedAsync();
        Assert.That(Counters.Runs[2], Is.Zero, "State3 never runs");
    }

    [Test]
    public async Task C_stopping_aMachine_never_started_twice_is_a_no_op()
    {
        await Machine.StopAsync();
        await Machine.StopAsync();
        Assert.That(Machine.IsStarted, Is.False);
        Assert.That(Script.Seen, Is.Empty);
    }

    [Test]
    public async Task D_an_event_returning_a_new_instance_of_the_same_class_reenters()
    {
        var first = new State2(Counters);
        var second = new State2(Counters);
        Machine.Start(first);
        await Script.ExpectAsync("State2");
        Machine.Schedule(current => ReferenceEquals(current, first) ? second : null);
        await Script.ExpectAsync("State2");
        await Counters.UntilAsync(() => Counters.Runs[1] == 2, "the new State2 runs");
        Assert.That(Counters.Cancellations, Is.EqualTo(new[] { 0, 1, 0 }), "the old State2 was cancelled");
        Assert.That(Machine.Query(state => state), Is.SameAs(second));
    }

    [Test]
    public async Task E_an_event_is_evaluated_against_the_state_current_when_dequeued()
    {
        var final = new Idle("State4");
        Machine.Start(new State2(Counters));
        Script.Feed(current => current is State2 ? new State3(Counters) : null,
                     current => current is State3 ? final : null);
        await Script.ExpectAsync("State2", "State3", "State4");
        Assert.That(Machine.Query(state => state), Is.SameAs(final));
    }

    [Test]
    public async Task F_an_event_returning_none_changes_nothing()
    {
        var waiting = new Waiting("State3");
        Machine.Start(waiting);
        await Script.ExpectAsync("State3");
        Machine.Schedule(_ => null);
        Assert.That(await Machine.CurrentAfterQueuedAsync(), Is.SameAs(waiting));
        Assert.That(Script.Seen, Is.EqualTo(new[] { "State3" }), "not re-entered");
        Assert.That(waiting.Token.IsCancellationRequested, Is.False, "nothing cancelled");
    }

    [Test]
    public async Task G_a_run_error_with_the_default_handler_fails_theMachine_visibly()
    {
        var broken = new Broken();
        Machine.Start(broken);
        var fault = await Machine.Faulted.WaitAsync(Counters.Timeout);
        Assert.That(fault, Is.SameAs(Machine.Fault));
        Assert.That(fault.State, Is.SameAs(broken));
        Assert.That(fault.InnerException, Is.InstanceOf<InvalidOperationException>());
        Assert.That(fault.Message, Does.Contain("Broken").And.Contain("disk on fire"));
        Assert.That(Machine.IsStarted, Is.False);
        Assert.That(Machine.Query(state => state), Is.Null);
    }
}
