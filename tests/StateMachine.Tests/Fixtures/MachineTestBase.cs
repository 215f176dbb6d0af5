using Canic.Fsm.StateMachine.Testing;

namespace Canic.Fsm.StateMachine.Tests.Fixtures;

/// <summary>A fresh machine, its script and the original tests' counters per test; the machine is stopped after it.</summary>
public abstract class MachineTestBase
{
    protected Counters Counters { get; private set; } = null!;
    protected Machine Machine { get; private set; } = null!;
    protected MachineScript Script { get; private set; } = null!;

    [SetUp]
    public void CreateMachine()
    {
        Counters = new Counters();
        Machine = new Machine();
        Script = new MachineScript(Machine);
    }

    [TearDown]
    public async Task StopMachine()
    {
        Script.Dispose();
        await Machine.StopAsync().WaitAsync(Counters.Timeout);
    }

    /// <summary>
    /// Holds the scheduler loop inside an event until the result is disposed, so that the events scheduled meanwhile
    /// queue up behind it in a known order; returns once the loop is held.
    /// </summary>
    protected IDisposable BlockTheLoop()
    {
        var held = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        Machine.Schedule(_ =>
        {
            held.Set();
            release.Wait(Counters.Timeout);
            return null;
        });
        Assert.That(held.Wait(Counters.Timeout), Is.True, "the loop never reached the blocking event");
        return new Release(release);
    }

    /// <summary>
    /// Starts the machine in a waiting state, then queues, with the loop held, an entry of <paramref name="state"/> and
    /// a re-entry of the same instance right behind it: whatever the first entry's run posts at once (a result, an
    /// error) is queued behind the re-entry, so it reaches the loop when the machine is already in the second entry.
    /// </summary>
    protected async Task EnterTwiceAsync(State state)
    {
        Machine.Start(new Waiting("Before"));
        await Script.ExpectAsync("Before");
        using (BlockTheLoop())
        {
            Machine.Schedule(_ => state);
            Machine.Schedule(current => ReferenceEquals(current, state) ? state : null);
        }
    }

    private sealed class Release(ManualResetEventSlim release) : IDisposable
    {
        public void Dispose() => release.Set();
    }
}
