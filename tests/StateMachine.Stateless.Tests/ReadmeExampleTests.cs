using Canic.Fsm.StateMachine.Testing;
using Canic.Fsm.Tests.Shared;
using Stateless;

namespace Canic.Fsm.StateMachine.Stateless.Tests;

// The README's "Coming from Stateless" example, verbatim between the markers, so that it cannot rot.
// README-PLAIN-BEGIN
public enum Kettle { Off, On, Heating, Boiled }
public enum Press { SwitchOn, SwitchOff, Boil }

public static class PlainKettle
{
    public static StateMachine<Kettle, Press> Create()
    {
        var kettle = new StateMachine<Kettle, Press>(Kettle.Off);
        kettle.Configure(Kettle.Off).Permit(Press.SwitchOn, Kettle.Heating);
        kettle.Configure(Kettle.On).Permit(Press.SwitchOff, Kettle.Off);
        kettle.Configure(Kettle.Heating).SubstateOf(Kettle.On).Permit(Press.Boil, Kettle.Boiled);
        kettle.Configure(Kettle.Boiled).SubstateOf(Kettle.On);
        return kettle;
    }
}
// README-PLAIN-END

// README-RUNTIME-BEGIN
public static class RuntimeKettle
{
    public static StatelessMachine<Kettle, Press> Create(TimeSpan heatingTime)
    {
        var kettle = new StatelessMachine<Kettle, Press>(Kettle.Off);
        kettle.Configure(Kettle.Off).Permit(Press.SwitchOn, Kettle.Heating);
        kettle.Configure(Kettle.On).Permit(Press.SwitchOff, Kettle.Off);
        kettle.Configure(Kettle.Heating).SubstateOf(Kettle.On).Permit(Press.Boil, Kettle.Boiled);
        kettle.Configure(Kettle.Boiled).SubstateOf(Kettle.On);
        kettle.Activity(Kettle.Heating, async cancellation =>
        {
            await Task.Delay(heatingTime, cancellation);  // cancelled when SwitchOff leaves Heating
            return Press.Boil;
        });
        return kettle;
    }
}
// README-RUNTIME-END

public sealed class ReadmeExampleTests
{
    [Test]
    public void The_plain_kettle_is_fired_synchronously_by_its_caller()
    {
        // README-PLAIN-USAGE-BEGIN
        var kettle = PlainKettle.Create();
        kettle.Fire(Press.SwitchOn);  // runs the transition on this thread
        kettle.Fire(Press.Boil);      // someone must fire Boil: a timer of yours, cancelled by you
        Assert.That(kettle.State, Is.EqualTo(Kettle.Boiled));
        // README-PLAIN-USAGE-END
    }

    [Test]
    public async Task The_runtime_kettle_boils_by_itself_and_can_be_switched_off_while_heating()
    {
        // README-USAGE-BEGIN
        var kettle = RuntimeKettle.Create(TimeSpan.FromMilliseconds(20));
        using var script = new MachineScript(kettle);
        kettle.Start();
        kettle.Fire(Press.SwitchOn);  // from any thread: queued, returns at once
        await script.ExpectAsync("Off", "Heating", "Boiled");
        kettle.Fire(Press.SwitchOff);
        kettle.Fire(Press.SwitchOn);
        kettle.Fire(Press.SwitchOff); // heating is cancelled and unwound before Off is entered
        await script.ExpectAsync("Off", "Heating", "Off");
        await kettle.StopAsync();
        // README-USAGE-END
        Assert.That(kettle.Fault, Is.Null);
    }

    [Test]
    public void The_readme_shows_this_example()
    {
        string readme = ReadmeSnippets.Readme;
        string source = ReadmeSnippets.Source("tests/StateMachine.Stateless.Tests/ReadmeExampleTests.cs");
        Assert.That(readme, Does.Contain(ReadmeSnippets.Between(source, "README-PLAIN")));
        Assert.That(readme, Does.Contain(ReadmeSnippets.Between(source, "README-RUNTIME")));
        Assert.That(readme, Does.Contain(ReadmeSnippets.Unindented(ReadmeSnippets.Between(source, "README-PLAIN-USAGE"))));
        Assert.That(readme, Does.Contain(ReadmeSnippets.Unindented(ReadmeSnippets.Between(source, "README-USAGE"))));
    }
}
