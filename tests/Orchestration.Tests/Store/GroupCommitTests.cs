using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Store;

namespace Canic.Fsm.Orchestration.Tests.Store;

/// <summary>
/// Writes that queue while the writer is busy share one transaction, each in its own savepoint. The writer is held
/// busy by a unit that waits on a gate, so that the queued units deterministically form one batch.
/// </summary>
public sealed class GroupCommitTests : StoreTestBase
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Starts a write that holds the writer until <paramref name="release"/> is set; returns once it runs.</summary>
    private Task HoldWriter(ManualResetEventSlim release)
    {
        using var running = new ManualResetEventSlim();
        var held = Task.Run(() => Store.Write(tx =>
        {
            tx.Attempts.TryInsert(Attempt("holder"));
            running.Set();
            Assert.That(release.Wait(Timeout), Is.True, "the test never released the writer");
        }));
        Assert.That(running.Wait(Timeout), Is.True, "the holding write never ran");
        return held;
    }

    private bool Stored(string attemptId) => Store.Read(r => r.Attempts.Get(attemptId)) is not null;

    [Test]
    public async Task A_failing_unit_rolls_back_only_itself_and_its_neighbours_commit()
    {
        using var release = new ManualResetEventSlim();
        var holder = HoldWriter(release);
        var before = Store.WriteAsync(tx => tx.Attempts.TryInsert(Attempt("before")));
        var failing = Store.WriteAsync(tx =>
        {
            tx.Attempts.TryInsert(Attempt("failing"));
            StoreTransaction.Require(tx.Attempts.TryTransition(Attempt("failing", AttemptState.Reserved), AttemptState.Installing), "failing");
            return true;
        });
        var after = Store.WriteAsync(tx => tx.Attempts.TryInsert(Attempt("after")));
        release.Set();

        Assert.That(await before, Is.True);
        Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await failing);
        Assert.That(await after, Is.True);
        await holder;
        Assert.That(new[] { Stored("holder"), Stored("before"), Stored("failing"), Stored("after") }, Is.EqualTo(new[] { true, true, false, true }));
        Assert.That(Store.Read(r => r.Attempts.History("failing")), Is.Empty, "the failing unit's history row went with it");
    }

    [Test]
    public async Task A_unit_completes_only_after_the_commit_it_shares_with_later_units()
    {
        using var release = new ManualResetEventSlim();
        using var lastRunning = new ManualResetEventSlim();
        using var releaseLast = new ManualResetEventSlim();
        var holder = HoldWriter(release);
        var first = Store.WriteAsync(tx => tx.Attempts.TryInsert(Attempt("first")));
        var last = Store.WriteAsync(tx =>
        {
            lastRunning.Set();
            Assert.That(releaseLast.Wait(Timeout), Is.True);
            return tx.Attempts.TryInsert(Attempt("last"));
        });
        release.Set();
        Assert.That(lastRunning.Wait(Timeout), Is.True, "the batch never reached its last unit");

        // "first" has run, but its transaction is still open: it is neither reported done nor visible to readers.
        Assert.That(first.IsCompleted, Is.False);
        Assert.That(Stored("first"), Is.False);

        releaseLast.Set();
        Assert.That(await first, Is.True);
        Assert.That(Stored("first"), Is.True);
        Assert.That(await last, Is.True);
        await holder;
    }

    [Test]
    public async Task A_queued_write_cancelled_before_it_runs_never_runs()
    {
        using var release = new ManualResetEventSlim();
        using var cancel = new CancellationTokenSource();
        var holder = HoldWriter(release);
        var ran = false;
        var cancelled = Store.WriteAsync(tx => ran = tx.Attempts.TryInsert(Attempt("cancelled")), cancel.Token);
        var kept = Store.WriteAsync(tx => tx.Attempts.TryInsert(Attempt("kept")));
        cancel.Cancel();
        release.Set();

        Assert.CatchAsync<OperationCanceledException>(async () => await cancelled);
        Assert.That(await kept, Is.True);
        await holder;
        Assert.That(ran, Is.False);
        Assert.That(Stored("cancelled"), Is.False);
    }

    [Test]
    public async Task A_queued_unit_sees_its_callers_async_locals_and_cannot_nest_a_write()
    {
        var local = new AsyncLocal<string>();
        using var release = new ManualResetEventSlim();
        var holder = HoldWriter(release);
        local.Value = "caller";
        var seen = Store.WriteAsync(_ => local.Value);
        var nested = Store.WriteAsync(_ => Store.Write(tx => tx.Attempts.TryInsert(Attempt("nested"))));
        release.Set();

        Assert.That(await seen, Is.EqualTo("caller"));
        var error = Assert.ThrowsAsync<InvalidOperationException>(async () => await nested)!;
        Assert.That(error.Message, Does.Contain("inside another Write"));
        await holder;
        Assert.That(Stored("nested"), Is.False);
    }

    [Test]
    public void Many_concurrent_sync_and_async_writers_each_get_their_own_outcome()
    {
        const int Writers = 8, Each = 50;
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        var tasks = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < Each; i++)
            {
                var id = $"w{w}-{i}";
                // Every third unit fails after writing; odd writers use WriteAsync, even ones the blocking Write.
                Func<StoreTransaction, bool> work = tx =>
                {
                    tx.Attempts.TryInsert(Attempt(id));
                    StoreTransaction.Require(i % 3 != 0, id);
                    return true;
                };
                try { outcomes[id] = w % 2 == 0 ? Store.Write(work) : await Store.WriteAsync(work); }
                catch (ConcurrencyConflictException) { outcomes[id] = false; }
            }
        })).ToArray();
        Assert.That(Task.WaitAll(tasks, Timeout), Is.True, "the writers did not finish");

        Assert.That(outcomes, Has.Count.EqualTo(Writers * Each));
        var stored = Store.Read(r => r.Attempts.ListActive()).Select(a => a.Id).ToHashSet();
        Assert.That(stored, Is.EquivalentTo(outcomes.Where(o => o.Value).Select(o => o.Key)));
        Assert.That(stored, Has.Count.EqualTo(Writers * (Each - (Each + 2) / 3)));
    }

    [Test]
    public async Task Dispose_lets_the_queued_writes_finish_and_refuses_new_ones()
    {
        using var release = new ManualResetEventSlim();
        var holder = HoldWriter(release);
        var queued = Store.WriteAsync(tx => tx.Attempts.TryInsert(Attempt("queued")));
        var path = Store.Path;
        var disposing = Task.Run(() => Store.Dispose());
        release.Set();

        Assert.That(await queued, Is.True);
        await holder;
        await disposing;
        Assert.Throws<ObjectDisposedException>(() => Store.Write(tx => tx.Attempts.TryInsert(Attempt("late"))));
        Assert.That(File.Exists(path), Is.False, "the temporary store was closed and deleted");
    }
}
