using Canic.Fsm.StateMachine.Testing;

namespace Canic.Fsm.StateMachine.Stateless.Tests;

/// <summary>Stateless's own semantics where the runtime touches them: they are kept.</summary>
public sealed class StatelessSemanticsTests
{
    [Test]
    public async Task Substates_IsInState_permitted_triggers_and_parameters_behave_as_in_Stateless()
    {
        var machine = new StatelessMachine<string, string>("Idle");
        using var script = new MachineScript(machine);
        var assign = machine.SetTriggerParameters<string, int>("assign");
        string? assigned = null;
        bool budgetLeft = true;
        machine.Configure("Idle").PermitIf(assign, "Assigned", (_, cycles) => cycles > 0, "positive cycles").Ignore("tick");
        machine.Configure("Busy").Permit("release", "Idle").PermitIf("topUp", "Funding", () => budgetLeft, "budget left");
        machine.Configure("Assigned").SubstateOf("Busy").OnEntryFrom(assign, (role, cycles) => assigned = $"{role}:{cycles}").Permit("fund", "Funding");
        machine.Configure("Funding").SubstateOf("Busy");
        machine.Start();

        Assert.That(await machine.GetPermittedTriggersAsync("app", 5), Is.EquivalentTo(new[] { "assign", "tick" }));
        machine.Fire(assign, "app", 0);  // guard not met: unhandled (faults by default), so ignore it first
        await machine.Faulted.WaitAsync(TimeSpan.FromSeconds(5));
        machine.OnUnhandledTrigger(UnhandledTriggerPolicy.Ignore);
        machine.Start();
        await script.ExpectAsync("Idle", "Idle");  // a fault is no stop: no "(stopped)" entry

        script.Feed(machine.Trigger("tick"), machine.Trigger(assign, "app", 3), machine.Trigger("fund"));
        await script.ExpectAsync("Assigned", "Funding");
        Assert.That(assigned, Is.EqualTo("app:3"));
        Assert.That(machine.IsInState("Busy"), Is.True);
        Assert.That(machine.IsInState("Idle"), Is.False);
        budgetLeft = false;
        Assert.That(await machine.GetPermittedTriggersAsync(), Is.EquivalentTo(new[] { "release" }), "superstate triggers, guards evaluated now");
        Assert.That(await machine.CanFireAsync("topUp"), Is.False);
        machine.Fire("release");
        await script.ExpectAsync("Idle");
        await machine.StopAsync();
    }

    [Test]
    public async Task Transitioned_observers_see_each_entry_with_stateless_transition()
    {
        var machine = new StatelessMachine<string, string>("A");
        var seen = new List<string>();
        machine.Transitioned += transition =>
        {
            var to = (StatelessMachine<string, string>.StateNode?)transition.To;
            seen.Add($"{transition.From?.ToString() ?? "-"}->{to?.Value ?? "-"} by {to?.Transition?.Trigger ?? "-"} ({transition.Cause})");
        };
        machine.Configure("A").Permit("go", "B");
        machine.Configure("B").PermitReentry("again");
        machine.Start();
        machine.Fire("go");
        machine.Fire("again");
        Assert.That(await machine.CanFireAsync("again"), Is.True);
        await machine.StopAsync();
        Assert.That(seen, Is.EqualTo(new[] { "-->A by - (Start)", "A->B by go (Event)", "B->B by again (Event)", "B->- by - (Stop)" }));
    }
}
