using Canic.Fsm.Tests.Shared;
using Canic.Fsm.StateMachine;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

public class ProcessedCountdownTests
{
    private sealed class Idle : State;

    [Test]
    public async Task Completes_only_once_every_machine_has_handled_what_was_queued_before()
    {
        var busy = new Machine();
        var idle = new Machine();
        busy.Start(new Idle());
        idle.Start(new Idle());
        using var gate = new ManualResetEventSlim();
        busy.Schedule(_ => { gate.Wait(TimeSpan.FromSeconds(10)); return null; });
        try
        {
            var countdown = new ProcessedCountdown();
            countdown.Add(busy);
            countdown.Add(idle);
            var done = countdown.CloseAsync();

            Assert.That(done.IsCompleted, Is.False, "the busy machine has not reached its mark");
            gate.Set();
            await done.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.That(done.IsCompletedSuccessfully, Is.True, "both machines reached their marks");
        }
        finally
        {
            gate.Set();
            await busy.StopAsync();
            await idle.StopAsync();
        }
    }

    [Test]
    public async Task A_machine_not_started_or_stopped_counts_as_processed()
    {
        var never = new Machine();
        var stopped = new Machine();
        stopped.Start(new Idle());
        await stopped.StopAsync();
        var countdown = new ProcessedCountdown();
        countdown.Add(never);
        countdown.Add(stopped);

        // Neither machine can handle its mark, so each is released as it is added: nothing is left to wait for.
        Assert.That(countdown.CloseAsync().IsCompletedSuccessfully, Is.True);
    }

    [Test]
    public void Nothing_to_wait_for_completes_at_once() =>
        Assert.That(new ProcessedCountdown().CloseAsync().IsCompletedSuccessfully, Is.True);
}
