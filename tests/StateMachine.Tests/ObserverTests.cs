using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

public sealed class ObserverTests
{
    [Test]
    public async Task Every_transition_is_observed_with_its_cause()
    {
        var counters = new Counters();
        var machine = new Machine();
        var seen = new List<string>();
        machine.Transitioned += transition =>
        {
            lock (seen) seen.Add(transition.ToString());
        };
        machine.Start(new State1(counters));
        await counters.UntilAsync(() => counters.Runs[1] == 1, "State2 running");
        machine.Schedule(_ => new State4(counters));
        await counters.UntilAsync(() => counters.Runs[1] == 2, "State4 failed back into State2");
        await machine.StopAsync();

        Assert.That(seen, Is.EqualTo(new[]
        {
            "(none) => State1 (Start)",
            "State1 => State2 (RunResult)",
            "State2 => State4 (Event)",
            "State4 => State2 (Error)",
            "State2 => (none) (Stop)",
        }));
    }

    [Test]
    public async Task Observers_see_the_states_themselves_and_can_unsubscribe()
    {
        var machine = new Machine();
        var first = new Waiting("First");
        var second = new Idle("Second");
        var transitions = new List<Transition>();
        void Observe(Transition transition)
        {
            lock (transitions) transitions.Add(transition);
        }
        machine.Transitioned += Observe;
        machine.Start(first);
        machine.Schedule(_ => second);
        await machine.CurrentAfterQueuedAsync();
        machine.Transitioned -= Observe;
        await machine.StopAsync();

        Assert.That(transitions, Is.EqualTo(new[]
        {
            new Transition(null, first, TransitionCause.Start),
            new Transition(first, second, TransitionCause.Event),
        }));
    }
}
