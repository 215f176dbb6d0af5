using Canic.Fsm.StateMachine.Testing;

namespace Canic.Fsm.StateMachine.Stateless.Tests;

/// <summary>
/// A machine of string states and triggers starting in "A", watched by a script, stopped after each test. The
/// fixtures run twice: flat, and with an unrelated superstate declared, because a machine with superstates runs its
/// activities another way (held by the engine state's run, on tokens of their own) than a flat one (the run is the
/// activity, on the run's token).
/// </summary>
public abstract class StringMachineTestBase(bool withSuperstates)
{
    protected StatelessMachine<string, string> _machine = null!;
    protected MachineScript _script = null!;

    [SetUp]
    public void CreateMachine()
    {
        _machine = new StatelessMachine<string, string>("A");
        if (withSuperstates) _machine.Configure("Elsewhere").SubstateOf("Somewhere");
        _script = new MachineScript(_machine);
    }

    [TearDown]
    public async Task StopMachine()
    {
        _script.Dispose();
        await _machine.StopAsync();
    }
}
