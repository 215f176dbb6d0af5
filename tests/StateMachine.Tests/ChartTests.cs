using Canic.Fsm.StateMachine.Charts;
using Canic.Fsm.StateMachine.Testing;
using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

public sealed class ChartTests
{
    private sealed class Closed : State;
    private sealed class Open : State;
    private sealed class Locked : State;

    private static readonly Chart Door = new Chart("Door")
        .Initial<Closed>()
        .Allow<Closed, Open>()
        .Allow<Open, Closed>()
        .Allow<Closed, Locked>()
        .Allow<Locked, Closed>();

    [Test]
    public void Exports_mermaid_in_declaration_order()
    {
        Assert.That(Door.ToMermaid(), Is.EqualTo(
            """
            stateDiagram-v2
                [*] --> Closed
                Closed --> Open
                Open --> Closed
                Closed --> Locked
                Locked --> Closed

            """));
    }

    [Test]
    public void Exports_dot_in_declaration_order()
    {
        Assert.That(Door.ToDot(), Is.EqualTo(
            """
            digraph "Door" {
                "[*]" [shape=point];
                "[*]" -> "Closed";
                "Closed" -> "Open";
                "Open" -> "Closed";
                "Closed" -> "Locked";
                "Locked" -> "Closed";
            }

            """));
    }

    [Test]
    public void Declaring_a_transition_twice_lists_it_once()
    {
        var chart = new Chart("Twice").Allow<Open, Closed>().Allow<Open, Closed>();
        Assert.That(chart.Transitions, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Declared_transitions_are_taken()
    {
        var machine = new Machine(Door);
        using var script = new MachineScript(machine);
        machine.Start(new Closed());
        script.Feed(_ => new Open(), _ => new Closed(), _ => new Locked());
        await script.ExpectAsync("Closed", "Open", "Closed", "Locked");
        await machine.StopAsync();
        Assert.That(machine.Fault, Is.Null);
    }

    [Test]
    public async Task An_undeclared_transition_fails_the_machine_and_is_not_taken()
    {
        var machine = new Machine(Door);
        using var script = new MachineScript(machine);
        var locked = new Locked();
        machine.Start(new Closed());
        script.Feed(_ => locked, _ => new Open());
        var fault = await machine.Faulted.WaitAsync(Counters.Timeout);

        Assert.That(fault.InnerException, Is.InstanceOf<UndeclaredTransitionException>());
        Assert.That(fault.Message, Does.Contain("Locked -> Open"));
        Assert.That(((UndeclaredTransitionException)fault.InnerException!).From, Is.SameAs(locked));
        Assert.That(fault.State, Is.SameAs(locked));
        Assert.That(script.Seen, Is.EqualTo(new[] { "Closed", "Locked" }));
    }

    [Test]
    public async Task An_undeclared_initial_state_fails_the_machine()
    {
        var machine = new Machine(Door);
        machine.Start(new Open());
        var fault = await machine.Faulted.WaitAsync(Counters.Timeout);
        Assert.That(fault.Message, Does.Contain("[*] -> Open"));
        Assert.That(machine.Query(state => state), Is.Null);
    }
}
