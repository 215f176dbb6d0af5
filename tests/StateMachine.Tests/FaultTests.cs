using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

/// <summary>Every way a machine can fail leaves it stopped, with the fault recorded and awaitable.</summary>
public sealed class FaultTests
{
    private static async Task<MachineFaultException> FailedAsync(Machine machine)
    {
        var fault = await machine.Faulted.WaitAsync(Counters.Timeout);
        Assert.That(machine.Fault, Is.SameAs(fault));
        Assert.That(machine.IsStarted, Is.False);
        Assert.That(machine.Query(state => state), Is.Null);
        machine.Schedule(_ => throw new AssertionException("a failed machine takes no events"));
        await machine.StopAsync();
        return fault;
    }

    [Test]
    public async Task A_throwing_error_handler_fails_the_machine()
    {
        var machine = new Machine();
        var state = new Scripted("Fragile", (_, _) => throw new TimeoutException("no reply"));
        machine.Start(new ThrowingHandler(state));
        var fault = await FailedAsync(machine);
        Assert.That(fault.InnerException, Is.InstanceOf<ArgumentException>());
        Assert.That(fault.Message, Does.Contain("ThrowingHandler").And.Contain("handler broke"));
    }

    [Test]
    public async Task A_throwing_event_fails_the_machine_and_cancels_the_run()
    {
        var machine = new Machine();
        var waiting = new Waiting();
        machine.Start(waiting);
        machine.Schedule(_ => throw new FormatException("bad event"));
        var fault = await FailedAsync(machine);
        Assert.That(fault.State, Is.SameAs(waiting));
        Assert.That(fault.InnerException, Is.InstanceOf<FormatException>());
        Assert.That(waiting.Token.IsCancellationRequested, Is.True);
    }

    [Test]
    public async Task A_throwing_observer_fails_the_machine()
    {
        var machine = new Machine();
        machine.Transitioned += transition =>
        {
            if (transition.To is Idle) throw new InvalidOperationException("observer broke");
        };
        machine.Start(new Waiting());
        machine.Schedule(_ => new Idle());
        var fault = await FailedAsync(machine);
        Assert.That(fault.Message, Does.Contain("observer broke"));
    }

    [Test]
    public async Task An_observer_throwing_on_stop_is_recorded_as_a_fault()
    {
        var machine = new Machine();
        machine.Transitioned += transition =>
        {
            if (transition.Cause == TransitionCause.Stop) throw new InvalidOperationException("stop observer broke");
        };
        machine.Start(new Waiting());
        await machine.CurrentAfterQueuedAsync();
        await machine.StopAsync();
        var fault = await machine.Faulted.WaitAsync(Counters.Timeout);
        Assert.That(fault.Message, Does.Contain("stop observer broke"));
    }

    [Test]
    public async Task A_failed_machine_can_be_started_again_and_forgets_the_fault()
    {
        var machine = new Machine();
        machine.Start(new Broken());
        await FailedAsync(machine);
        machine.Start(new Idle("Recovered"));
        Assert.That(await machine.CurrentAfterQueuedAsync(), Is.InstanceOf<Idle>());
        Assert.That(machine.Fault, Is.Null);
        Assert.That(machine.Faulted.IsCompleted, Is.False);
        await machine.StopAsync();
    }

    [Test, NonParallelizable]
    public async Task No_fault_leaves_an_unobserved_task_exception()
    {
        int unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> count = (_, _) => Interlocked.Increment(ref unobserved);
        TaskScheduler.UnobservedTaskException += count;
        try
        {
            await FailAllWaysAsync();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= count;
        }
        Assert.That(unobserved, Is.Zero);
    }

    private static async Task FailAllWaysAsync()
    {
        foreach (var start in new Func<Machine, State>[]
                 {
                     _ => new Broken(),
                     _ => new ThrowingHandler(new Broken()),
                     machine =>
                     {
                         machine.Schedule(_ => throw new FormatException());
                         return new Idle();
                     },
                 })
        {
            var machine = new Machine();
            machine.Start(start(machine));
            machine.Schedule(_ => throw new FormatException("bad event"));
            await machine.Faulted.WaitAsync(Counters.Timeout);
        }
    }

    /// <summary>Delegates its run to another state and has an error handler that itself throws.</summary>
    private sealed class ThrowingHandler(State inner) : State
    {
        public override ValueTask<State?> RunAsync(Machine machine, CancellationToken cancellationToken) =>
            inner.RunAsync(machine, cancellationToken);

        public override State? OnError(Exception error) => throw new ArgumentException("handler broke", error);
    }
}
