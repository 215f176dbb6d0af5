using Stateless;
using Stateless.Graph;

namespace Canic.Fsm.StateMachine.Stateless.Tests;

public sealed class ChartTests
{
    // One declaration, applied to a plain Stateless machine and to the runtime's.
    private static void Declare(Func<string, StateMachine<string, string>.StateConfiguration> configure)
    {
        configure("Off").Permit("on", "Heating").OnExit(() => { }, "log");
        configure("On").Permit("off", "Off").OnEntry(() => { }, "lamp on");
        configure("Heating").SubstateOf("On").PermitIf("hot", "Boiled", () => true, "thermostat says hot");
        configure("Boiled").SubstateOf("On").Ignore("hot");
    }

    [Test]
    public void Charts_are_stateless_own_formatters_output_for_the_same_declaration()
    {
        var plain = new StateMachine<string, string>("Off");
        Declare(plain.Configure);
        var machine = new StatelessMachine<string, string>("Off");
        Declare(machine.Configure);
        machine.Activity("Heating", _ => Task.CompletedTask);

        Assert.That(machine.ToMermaid(), Is.EqualTo(MermaidGraph.Format(plain.GetInfo())));
        Assert.That(machine.ToDot(), Is.EqualTo(UmlDotGraph.Format(plain.GetInfo())));
        Assert.That(machine.ToDot(), Does.Contain("thermostat says hot").And.Contain("exit / log").And.Not.Contain("runtime"));
    }
}
