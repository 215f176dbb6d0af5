using Canic.Fsm.StateMachine.Charts;
using Canic.Fsm.StateMachine.Testing;
using Canic.Fsm.Tests.Shared;

namespace Canic.Fsm.StateMachine.Tests;

// The README's example, verbatim between the markers, so that it cannot rot.
// README-EXAMPLE-BEGIN
public sealed class Kettle(TimeSpan heatingTime) : Machine(Diagram)
{
    public static readonly Chart Diagram = new Chart("Kettle")
        .Initial<Off>()
        .Allow<Off, Heating>()
        .Allow<Heating, Boiled>()
        .Allow<Heating, Off>()
        .Allow<Boiled, Off>();

    public static readonly Event SwitchOn = current => current is Off ? new Heating() : null;
    public static readonly Event SwitchOff = current => current is Off ? null : new Off();

    public TimeSpan HeatingTime { get; } = heatingTime;  // the context states reach through the machine
}

public sealed class Off : State;

public sealed class Heating : State
{
    public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
    {
        await Task.Delay(((Kettle)machine).HeatingTime, cancellationToken)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);  // leaving the state is not an error
        return cancellationToken.IsCancellationRequested ? null : new Boiled();
    }
}

public sealed class Boiled : State;
// README-EXAMPLE-END

public sealed class ReadmeExampleTests
{
    [Test]
    public async Task The_kettle_boils_and_can_be_switched_off_while_heating()
    {
        // README-USAGE-BEGIN
        var kettle = new Kettle(TimeSpan.FromMilliseconds(20));
        using var script = new MachineScript(kettle);
        kettle.Start(new Off());
        script.Feed(Kettle.SwitchOn);
        await script.ExpectAsync("Off", "Heating", "Boiled");
        script.Feed(Kettle.SwitchOff, Kettle.SwitchOn, Kettle.SwitchOff);
        await script.ExpectAsync("Off", "Heating", "Off");
        await kettle.StopAsync();
        // README-USAGE-END
        Assert.That(kettle.Fault, Is.Null);
    }

    [Test]
    public void The_readme_shows_this_example()
    {
        string readme = ReadmeSnippets.Readme;
        string source = ReadmeSnippets.Source("tests/StateMachine.Tests/ReadmeExampleTests.cs");
        Assert.That(readme, Does.Contain(ReadmeSnippets.Between(source, "README-EXAMPLE")));
        Assert.That(readme, Does.Contain(ReadmeSnippets.Unindented(ReadmeSnippets.Between(source, "README-USAGE"))));
    }
}
