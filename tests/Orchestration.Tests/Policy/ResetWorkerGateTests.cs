using Canic.Fsm.Orchestration.Policy;

namespace Canic.Fsm.Orchestration.Tests.Policy;

public class ResetWorkerGateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly Func<CancellationToken, Task<bool>> NothingPending = _ => Task.FromResult(false);

    [Test]
    public void A_request_during_a_batch_is_recorded_and_served_by_one_more_batch()
    {
        var gate = new ResetWorkerGate();
        Assert.That(gate.TryBegin(), Is.True);
        Assert.That(gate.TryBegin(), Is.False);
        Assert.That(gate.TryBegin(), Is.False);
        Assert.That(gate.IsRescheduled, Is.True);

        Assert.That(gate.CompleteBatch(pendingResetRemain: false), Is.True, "the flag asks for one more batch");
        Assert.That(gate.IsRunning, Is.True, "the gate stays held for that batch");
        Assert.That(gate.IsRescheduled, Is.False, "both requests are served by it");
        Assert.That(gate.CompleteBatch(pendingResetRemain: false), Is.False);
        Assert.That(gate.IsRunning, Is.False);
    }

    [Test]
    public void Remaining_pending_entries_keep_the_worker_going()
    {
        var gate = new ResetWorkerGate();
        gate.TryBegin();
        Assert.That(gate.CompleteBatch(pendingResetRemain: true), Is.True);
        Assert.That(gate.CompleteBatch(pendingResetRemain: false), Is.False);
        Assert.That(gate.TryBegin(), Is.True, "a released gate is free again");
    }

    [Test]
    public void Abort_releases_and_reports_a_waiting_request()
    {
        var gate = new ResetWorkerGate();
        gate.TryBegin();
        Assert.That(gate.Abort(), Is.False);
        gate.TryBegin();
        gate.TryBegin();
        Assert.That(gate.Abort(), Is.True);
        Assert.That(gate.IsRunning, Is.False);
        Assert.That(gate.IsRescheduled, Is.False);
    }

    [Test]
    public void Completing_or_aborting_a_free_gate_is_a_bug()
    {
        var gate = new ResetWorkerGate();
        Assert.Throws<InvalidOperationException>(() => gate.CompleteBatch(false));
        Assert.Throws<InvalidOperationException>(() => gate.Abort());
    }

    [Test]
    public async Task RunAsync_runs_while_pending_entries_remain()
    {
        var gate = new ResetWorkerGate();
        var remaining = 3;
        var batches = await gate.RunAsync(_ => { remaining--; return Task.CompletedTask; }, _ => Task.FromResult(remaining > 0));
        Assert.That(batches, Is.EqualTo(3));
        Assert.That(gate.IsRunning, Is.False);
    }

    [Test]
    public void RunAsync_releases_the_gate_when_a_batch_throws()
    {
        var gate = new ResetWorkerGate();
        Assert.ThrowsAsync<InvalidOperationException>(() =>
            gate.RunAsync(_ => throw new InvalidOperationException("reset failed"), NothingPending));
        Assert.That(gate.IsRunning, Is.False);
    }

    [Test]
    public void RunAsync_stops_between_batches_when_cancelled_and_releases_the_gate()
    {
        var gate = new ResetWorkerGate();
        using var cts = new CancellationTokenSource();
        var batches = 0;
        Assert.CatchAsync<OperationCanceledException>(() => gate.RunAsync(
            _ => { batches++; cts.Cancel(); return Task.CompletedTask; },
            _ => Task.FromResult(true),
            cts.Token));
        Assert.That(batches, Is.EqualTo(1));
        Assert.That(gate.IsRunning, Is.False);
    }

    [Test]
    public async Task Concurrent_requests_during_a_batch_coalesce_into_one_more_batch()
    {
        var gate = new ResetWorkerGate();
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int batches = 0, active = 0, maxActive = 0;

        async Task Batch(CancellationToken _)
        {
            var now = Interlocked.Increment(ref active);
            InterlockedMax(ref maxActive, now);
            if (Interlocked.Increment(ref batches) == 1)
            {
                firstStarted.SetResult();
                await release.Task;
            }
            Interlocked.Decrement(ref active);
        }

        var first = Task.Run(() => gate.RunAsync(Batch, NothingPending));
        await firstStarted.Task.WaitAsync(Timeout);
        var others = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => gate.RunAsync(Batch, NothingPending)))).WaitAsync(Timeout);
        Assert.That(others, Is.All.Zero, "every request made during a batch returns at once");
        Assert.That(gate.IsRescheduled, Is.True);

        release.SetResult();
        Assert.That(await first.WaitAsync(Timeout), Is.EqualTo(2));
        Assert.That(batches, Is.EqualTo(2));
        Assert.That(maxActive, Is.EqualTo(1));
        Assert.That(gate.IsRunning, Is.False);
    }

    [Test]
    public async Task Under_contention_one_batch_runs_at_a_time_and_no_request_is_lost()
    {
        var gate = new ResetWorkerGate();
        int requests = 0, active = 0, maxActive = 0, servedUpTo = 0;

        async Task Batch(CancellationToken _)
        {
            InterlockedMax(ref maxActive, Interlocked.Increment(ref active));
            // Every request counted before this batch started is served by it.
            InterlockedMax(ref servedUpTo, Volatile.Read(ref requests));
            await Task.Yield();
            Interlocked.Decrement(ref active);
        }

        // Rounds of concurrent requests; after each round every request must have been followed by a batch.
        var lost = 0;
        for (var round = 0; round < 200; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                Interlocked.Increment(ref requests);
                return gate.RunAsync(Batch, NothingPending);
            }))).WaitAsync(Timeout);
            if (servedUpTo != requests) lost++;
        }

        Assert.That(lost, Is.Zero, "rounds that ended with a request no batch started after");
        Assert.That(maxActive, Is.EqualTo(1));
        Assert.That(gate.IsRunning, Is.False);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
