using Canic.Fsm.StateMachine.Stateless;
using Stateless;

namespace Canic.Fsm.Benchmarks.Stateless;

/// <summary>The two states and one trigger of the side-by-side benchmarks.</summary>
public enum Lamp { Off, On }

/// <summary>The trigger that toggles <see cref="Lamp"/>.</summary>
public enum Switch { Flip }

/// <summary>The one declaration both sides run: Off and On, each left for the other by Flip.</summary>
public static class Toggle
{
    /// <summary>Plain Stateless, with an optional entry action per state.</summary>
    public static StateMachine<Lamp, Switch> Plain(Func<Task>? entryAsync = null)
    {
        var machine = new StateMachine<Lamp, Switch>(Lamp.Off);
        var off = machine.Configure(Lamp.Off).Permit(Switch.Flip, Lamp.On);
        var on = machine.Configure(Lamp.On).Permit(Switch.Flip, Lamp.Off);
        if (entryAsync is not null) (off, on) = (off.OnEntryAsync(entryAsync), on.OnEntryAsync(entryAsync));
        return machine;
    }

    /// <summary>The same declaration on the runtime, with an optional entry action per state.</summary>
    public static StatelessMachine<Lamp, Switch> Runtime(Action? entry = null)
    {
        var machine = new StatelessMachine<Lamp, Switch>(Lamp.Off);
        var off = machine.Configure(Lamp.Off).Permit(Switch.Flip, Lamp.On);
        var on = machine.Configure(Lamp.On).Permit(Switch.Flip, Lamp.Off);
        if (entry is not null) (off, on) = (off.OnEntry(entry), on.OnEntry(entry));
        return machine;
    }
}
