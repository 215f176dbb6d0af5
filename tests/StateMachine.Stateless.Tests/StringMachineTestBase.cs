using Canic.Fsm.StateMachine.Testing;

namespace Canic.Fsm.StateMachine.Stateless.Tests;

/// <summary>A machine of string states and triggers starting in "A", watched by a script, stopped after each test.</summary>
public abstract class StringMachineTestBase
{
    protected StatelessMachine<string, string> _machine = null!;
    protected MachineScript _script = null!;

    [SetUp]
    public void CreateMachine()
    {
        _machine = new StatelessMachine<string, string>("A");
        _script = new MachineScript(_machine);
    }

    [TearDown]
    public async Task StopMachine()
    {
        _script.Dispose();
        await _machine.StopAsync();
    }
}
