namespace Canic.Fsm.StateMachine.Tests.Fixtures;

// The original test fixtures: State1.run returns State2; State2.run waits an hour and counts its
// cancellation; State3.run returns nothing; State4.run throws and its OnError returns State2.

public sealed class State1(Counters counters) : State
{
    public override ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
    {
        counters.Ran(1);
        return new(new State2(counters));
    }
}

public sealed class State2(Counters counters) : State
{
    // Written the ordinary way (a throwing await) on purpose: the engine must not treat it as an error.
    public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
    {
        counters.Ran(2);
        try
        {
            await Task.Delay(TimeSpan.FromHours(1), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            counters.Cancelled(2);
            throw;
        }
        return null;
    }

    public override State? OnError(Exception error)
    {
        counters.Failed(2);
        return null;
    }
}

public sealed class State3(Counters counters) : State
{
    public override ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
    {
        counters.Ran(3);
        return default;
    }
}

public sealed class State4(Counters counters) : State
{
    public override async ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken)
    {
        counters.Ran(4);
        await Task.Yield();
        throw new InvalidOperationException("State4 always fails");
    }

    public override State? OnError(Exception error)
    {
        counters.Failed(4);
        return new State2(counters);
    }
}

public static class CodexEvents
{
    /// <summary>The original <c>next</c> event: State2 -> State3, State3 -> State1, otherwise none.</summary>
    public static Event Next(Counters counters) => current => current switch
    {
        State2 => new State3(counters),
        State3 => new State1(counters),
        _ => null,
    };
}
