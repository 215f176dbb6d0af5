namespace Canic.Fsm.StateMachine.Tests.Fixtures;

/// <summary>A state that stays until the machine leaves it, awaiting without throwing.</summary>
public sealed class Waiting(string name = "Waiting") : State
{
    public CancellationToken Token { get; private set; }

    public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
    {
        Token = cancellationToken;
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return null;
    }

    public override string ToString() => name;
}

/// <summary>A state with no work.</summary>
public sealed class Idle(string name = "Idle") : State
{
    public override string ToString() => name;
}

/// <summary>A state whose run does whatever the test says.</summary>
public sealed class Scripted(string name, Func<Machine, CancellationToken, Task<State?>> run) : State
{
    public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken) =>
        await run(machine, cancellationToken);

    public override string ToString() => name;
}

/// <summary>A state whose run throws and whose OnError is the default one.</summary>
public sealed class Broken : State
{
    public override ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("disk on fire");
}
