using Canic.Fsm.StateMachine.Testing;
using Canic.Fsm.StateMachine.Tests.Fixtures;

namespace Canic.Fsm.StateMachine.Tests;

public sealed class UncancellableSectionTests : MachineTestBase
{
    private readonly List<string> _log = [];

    [SetUp]
    public void ClearLog() => _log.Clear();

    private void Log(string line)
    {
        lock (_log) _log.Add(line);
    }

    /// <summary>A state that pays inside a section, then waits; every step is logged.</summary>
    private State Paying(TaskCompletionSource inside, Task paid) => new Scripted("Paying", async (machine, token) =>
    {
        token.Register(() => Log("run cancelled"));
        await machine.RunUncancellableAsync(async () =>
        {
            inside.SetResult();
            await paid;
            Log(token.IsCancellationRequested ? "paid after cancel" : "paid");
        });
        await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return null;
    });

    [Test]
    public async Task A_transition_arriving_during_a_section_waits_for_it_then_cancels_the_run()
    {
        var inside = new TaskCompletionSource();
        var paid = new TaskCompletionSource();
        var handled = new TaskCompletionSource();
        Machine.Start(Paying(inside, paid.Task));
        await inside.Task.WaitAsync(Counters.Timeout);
        Machine.Schedule(_ =>
        {
            handled.SetResult();
            return new Idle("Done");
        });
        await handled.Task.WaitAsync(Counters.Timeout);
        await Task.Yield();
        Assert.That(Machine.Name(), Is.EqualTo("Paying"), "the transition is waiting");
        paid.SetResult();
        await Script.ExpectAsync("Paying", "Done");
        Assert.That(_log, Is.EqualTo(new[] { "paid", "run cancelled" }));
    }

    [Test]
    public async Task Stop_during_a_section_waits_for_it()
    {
        var inside = new TaskCompletionSource();
        var paid = new TaskCompletionSource();
        Machine.Start(Paying(inside, paid.Task));
        await inside.Task.WaitAsync(Counters.Timeout);
        Task stopping = Machine.StopAsync();
        Assert.That(stopping.IsCompleted, Is.False);
        paid.SetResult();
        await stopping.WaitAsync(Counters.Timeout);
        Assert.That(_log, Is.EqualTo(new[] { "paid", "run cancelled" }));
    }

    [Test]
    public async Task Overlapping_sections_all_finish_before_the_run_is_cancelled()
    {
        var inner = new TaskCompletionSource();
        var outer = new TaskCompletionSource();
        var opened = new TaskCompletionSource();
        var state = new Scripted("Overlapping", async (machine, token) =>
        {
            token.Register(() => Log("run cancelled"));
            var first = machine.Uncancellable();
            var second = machine.Uncancellable();
            opened.SetResult();
            await outer.Task;
            first.Dispose();  // closed out of order: the later one still holds the run
            Log("first closed");
            await inner.Task;
            second.Dispose();
            Log("second closed");
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return null;
        });
        Machine.Start(state);
        await opened.Task.WaitAsync(Counters.Timeout);
        Machine.Schedule(_ => new Idle("Done"));
        outer.SetResult();
        inner.SetResult();
        await Script.ExpectAsync("Overlapping", "Done");
        Assert.That(_log, Is.EqualTo(new[] { "first closed", "second closed", "run cancelled" }));
    }

    [Test]
    public async Task A_section_returns_its_result()
    {
        Assert.That(await Machine.RunUncancellableAsync(() => Task.FromResult(42)), Is.EqualTo(42));
    }
}
