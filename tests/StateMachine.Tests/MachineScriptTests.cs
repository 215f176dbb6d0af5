using Canic.Fsm.StateMachine.Testing;
using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

public sealed class MachineScriptTests
{
    private Machine _machine = null!;

    [SetUp]
    public void SetUp() => _machine = new Machine();

    [TearDown]
    public async Task TearDown() => await _machine.StopAsync();

    [Test]
    public async Task Consecutive_expectations_consume_the_trajectory_in_order()
    {
        using var script = new MachineScript(_machine);
        _machine.Start(new Waiting("A"));
        await script.ExpectAsync("A");
        script.Feed(_ => new Waiting("B"), _ => new Waiting("C"));
        await script.ExpectAsync("B");
        await script.ExpectAsync("C");
        Assert.That(script.Seen, Is.EqualTo(new[] { "A", "B", "C" }));
    }

    [Test]
    public void A_different_state_fails_at_once_and_shows_what_was_seen()
    {
        using var script = new MachineScript(_machine, TimeSpan.FromSeconds(30));
        _machine.Start(new Waiting("A"));
        script.Feed(_ => new Waiting("X"));
        var failure = Assert.ThrowsAsync<TrajectoryException>(() => script.ExpectAsync("A", "B"));
        Assert.That(failure!.Message, Does.Contain("[A, B]").And.Contain("went elsewhere").And.Contain("trajectory seen: [A, X]"));
    }

    [Test]
    public void A_timeout_shows_the_trajectory_actually_seen()
    {
        using var script = new MachineScript(_machine, TimeSpan.FromMilliseconds(200));
        _machine.Start(new Waiting("A"));
        var failure = Assert.ThrowsAsync<TrajectoryException>(() => script.ExpectAsync("A", "B"));
        Assert.That(failure!.Message, Does.Contain("within 0.2 s").And.Contain("trajectory seen: [A]"));
    }

    [Test]
    public void A_fault_fails_the_expectation_with_the_fault()
    {
        using var script = new MachineScript(_machine, TimeSpan.FromSeconds(30));
        _machine.Start(new Broken());
        var failure = Assert.ThrowsAsync<TrajectoryException>(() => script.ExpectAsync("Broken", "Never"));
        Assert.That(failure!.InnerException, Is.InstanceOf<MachineFaultException>());
        Assert.That(failure.Message, Does.Contain("disk on fire"));
    }
}
