using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Store;

namespace Canic.Fsm.Orchestration.Tests.Store;

public class PoolEntryTests : StoreTestBase
{
    [Test]
    public void An_inserted_entry_reads_back_equal_and_a_second_insert_of_the_pid_is_refused()
    {
        var entry = Entry(1, PoolEntryStatus.Ready, "2.5T", role: "app", moduleHash: "ab12") with { Parent = Canister(99) };
        Assert.That(Store.Write(tx => tx.Pool.TryInsert(entry)), Is.True);
        Assert.That(Store.Write(tx => tx.Pool.TryInsert(entry with { Cycles = Cycles.Zero })), Is.False);
        Assert.That(Store.Read(r => r.Pool.Get(entry.Pid)), Is.EqualTo(entry));
    }

    [Test]
    public void A_compare_and_set_from_the_wrong_status_writes_nothing_and_reports_false()
    {
        var entry = Entry(1, PoolEntryStatus.PendingReset);
        Store.Write(tx => tx.Pool.TryInsert(entry));
        Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.That(Store.Write(tx => tx.Pool.TryChangeStatus(entry.Pid, PoolEntryStatus.Ready, PoolEntryStatus.Failed, reason: "x")), Is.False);
        Assert.That(Store.Write(tx => tx.Pool.TryChangeStatus(Canister(2), PoolEntryStatus.PendingReset, PoolEntryStatus.Ready)), Is.False);
        Assert.That(Store.Read(r => r.Pool.Get(entry.Pid)), Is.EqualTo(entry));

        Assert.That(Store.Write(tx => tx.Pool.TryChangeStatus(entry.Pid, PoolEntryStatus.PendingReset, PoolEntryStatus.Ready, cycles: Cycles.Parse("3T"))), Is.True);
        Assert.That(Store.Read(r => r.Pool.Get(entry.Pid)),
            Is.EqualTo(entry with { Status = PoolEntryStatus.Ready, Cycles = Cycles.Parse("3T"), UpdatedAt = Clock.GetUtcNow() }));
    }

    [Test]
    public void Two_writers_racing_on_the_same_compare_and_set_cannot_both_win()
    {
        var pids = Enumerable.Range(1, 50).Select(Canister).ToArray();
        Store.Write(tx => { foreach (var pid in pids) tx.Pool.TryInsert(Entry(0, PoolEntryStatus.Ready) with { Pid = pid }); });
        var wins = new int[pids.Length];
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < pids.Length; i++)
                if (Store.Write(tx => tx.Pool.TryChangeStatus(pids[i], PoolEntryStatus.Ready, PoolEntryStatus.Recycling)))
                    Interlocked.Increment(ref wins[i]);
        });
        Assert.That(wins, Is.All.EqualTo(1));
    }

    [Test]
    public void Require_turns_a_conflict_into_a_rollback_of_the_whole_unit_of_work()
    {
        Store.Write(tx => tx.Pool.TryInsert(Entry(1, PoolEntryStatus.Ready)));
        Assert.Throws<ConcurrencyConflictException>(() => Store.Write(tx =>
        {
            StoreTransaction.Require(tx.Attempts.TryInsert(Attempt("a1")), "insert a1");
            StoreTransaction.Require(tx.Pool.TryChangeStatus(Canister(1), PoolEntryStatus.Failed, PoolEntryStatus.PendingReset), "requeue 1");
        }));
        Assert.That(Store.Read(r => r.Attempts.Get("a1")), Is.Null, "the attempt inserted before the conflict rolled back");
    }

    [Test]
    public void Status_and_its_fields_must_agree()
    {
        Assert.Throws<ArgumentException>(() => Store.Write(tx => tx.Pool.TryInsert(Entry(1, PoolEntryStatus.Failed))));
        Assert.Throws<ArgumentException>(() => Store.Write(tx => tx.Pool.TryInsert(Entry(1, PoolEntryStatus.Claimed))));
        Assert.Throws<ArgumentException>(() => Store.Write(tx => tx.Pool.TryInsert(Entry(1, PoolEntryStatus.Ready, operationId: "op"))));
        Assert.That(Store.Read(r => r.Pool.Get(Canister(1))), Is.Null);
    }

    [Test]
    public void Claim_takes_the_oldest_ready_entry_holding_enough_cycles()
    {
        Store.Write(tx =>
        {
            tx.Pool.TryInsert(Entry(1, PoolEntryStatus.Ready, "1T", ageMs: 0));          // oldest, too poor
            tx.Pool.TryInsert(Entry(2, PoolEntryStatus.PendingReset, "9T", ageMs: 1));   // rich, not Ready
            tx.Pool.TryInsert(Entry(4, PoolEntryStatus.Ready, "5T", ageMs: 2));          // tie on age: pid order decides
            tx.Pool.TryInsert(Entry(3, PoolEntryStatus.Ready, "5T", ageMs: 2));
            tx.Pool.TryInsert(Entry(5, PoolEntryStatus.Ready, "9T", ageMs: 3));
        });

        var first = Store.Write(tx => tx.Pool.Claim("op-1", Cycles.Parse("2T")));
        var second = Store.Write(tx => tx.Pool.Claim("op-2", Cycles.Parse("2T")));
        var third = Store.Write(tx => tx.Pool.Claim("op-3", Cycles.Parse("2T")));
        var none = Store.Write(tx => tx.Pool.Claim("op-4", Cycles.Parse("2T")));

        var tie = new[] { Canister(3), Canister(4) }.OrderBy(p => p.ToString(), StringComparer.Ordinal);
        Assert.That(new[] { first!.Pid, second!.Pid, third!.Pid }, Is.EqualTo(tie.Append(Canister(5))));
        Assert.That(first.Status, Is.EqualTo(PoolEntryStatus.Claimed));
        Assert.That(first.OperationId, Is.EqualTo("op-1"));
        Assert.That(none, Is.Null);
        Assert.That(Store.Read(r => r.Pool.Get(Canister(1))!.Status), Is.EqualTo(PoolEntryStatus.Ready));
    }

    [Test]
    public void A_replayed_claim_returns_the_same_row_even_after_it_moved_to_workload()
    {
        Store.Write(tx => { tx.Pool.TryInsert(Entry(1, PoolEntryStatus.Ready)); tx.Pool.TryInsert(Entry(2, PoolEntryStatus.Ready, ageMs: 5)); });
        var claimed = Store.Write(tx => tx.Pool.Claim("op", Cycles.Parse("1T")));
        var replay = Store.Write(tx => tx.Pool.Claim("op", Cycles.Parse("1T")));
        Assert.That(replay, Is.EqualTo(claimed));

        Store.Write(tx => tx.Pool.TryChangeStatus(Canister(1), PoolEntryStatus.Claimed, PoolEntryStatus.Workload, operationId: "op"));
        Assert.That(Store.Write(tx => tx.Pool.Claim("op", Cycles.Parse("1T")))!.Pid, Is.EqualTo(Canister(1)));
        Assert.That(Store.Read(r => r.Pool.Get(Canister(2))!.Status), Is.EqualTo(PoolEntryStatus.Ready));
    }

    [Test]
    public void Concurrent_claims_never_hand_one_canister_to_two_operations()
    {
        Store.Write(tx => { for (var i = 0; i < 40; i++) tx.Pool.TryInsert(Entry(i, PoolEntryStatus.Ready, ageMs: i)); });
        var claims = new System.Collections.Concurrent.ConcurrentBag<PoolEntry?>();
        Parallel.For(0, 60, i => claims.Add(Store.Write(tx => tx.Pool.Claim($"op-{i}", Cycles.Parse("1T")))));
        var won = claims.Where(c => c is not null).Select(c => c!.Pid).ToList();
        Assert.That(won, Has.Count.EqualTo(40).And.Unique);
    }

    [Test]
    public void An_update_without_metadata_keeps_role_parent_module_hash_and_created_at()
    {
        var original = Entry(1, PoolEntryStatus.Ready, "5T", role: "app", moduleHash: "beef") with { Parent = Canister(9) };
        Store.Write(tx => tx.Pool.TryInsert(original));
        Clock.Advance(TimeSpan.FromMinutes(1));

        var import = new PoolEntry(Canister(1), Clock.GetUtcNow(), Cycles.Zero, PoolEntryStatus.PendingReset, null, null, null, null, null, Clock.GetUtcNow());
        Assert.That(Store.Write(tx => tx.Pool.UpsertPreservingMetadata(import)), Is.True);

        Assert.That(Store.Read(r => r.Pool.Get(Canister(1))), Is.EqualTo(original with
        {
            Cycles = Cycles.Zero, Status = PoolEntryStatus.PendingReset, UpdatedAt = Clock.GetUtcNow(),
        }));

        Store.Write(tx => tx.Pool.UpsertPreservingMetadata(import with { Role = "worker", Status = PoolEntryStatus.Ready }));
        Assert.That(Store.Read(r => r.Pool.Get(Canister(1))!.Role), Is.EqualTo("worker"), "a carried role replaces the old one");
    }

    [Test]
    public void An_upsert_with_an_expected_status_inserts_a_new_row_but_skips_a_row_in_another_status()
    {
        var pending = Entry(1, PoolEntryStatus.PendingReset);
        Assert.That(Store.Write(tx => tx.Pool.UpsertPreservingMetadata(pending, expected: PoolEntryStatus.Failed)), Is.True, "absent: inserted");
        Assert.That(Store.Write(tx => tx.Pool.UpsertPreservingMetadata(pending, expected: PoolEntryStatus.Failed)), Is.False, "PendingReset is not Failed");
        Store.Write(tx => tx.Pool.TryChangeStatus(pending.Pid, PoolEntryStatus.PendingReset, PoolEntryStatus.Failed, reason: "boom"));
        Assert.That(Store.Write(tx => tx.Pool.UpsertPreservingMetadata(pending, expected: PoolEntryStatus.Failed)), Is.True, "requeued");
        Assert.That(Store.Read(r => r.Pool.Get(pending.Pid)!.Status), Is.EqualTo(PoolEntryStatus.PendingReset));
    }

    [Test]
    public void Paging_walks_every_entry_once_oldest_first_and_filters_by_status()
    {
        Store.Write(tx =>
        {
            for (var i = 0; i < 95; i++)
                tx.Pool.TryInsert(Entry(i, i % 3 == 0 ? PoolEntryStatus.Failed : PoolEntryStatus.Ready, ageMs: i / 4,
                    reason: i % 3 == 0 ? "r" : null));
        });
        var all = new List<PoolEntry>();
        PoolCursor? cursor = null;
        var pages = 0;
        do
        {
            var page = Store.Read(r => r.Pool.Page(after: cursor, limit: 10));
            all.AddRange(page.Items);
            cursor = page.Next;
            pages++;
        } while (cursor is not null);

        Assert.That(all.Select(e => e.Pid), Is.Unique);
        Assert.That(all, Has.Count.EqualTo(95));
        Assert.That(pages, Is.EqualTo(10));
        Assert.That(all.Select(e => (e.CreatedAt, e.Pid.ToString())), Is.Ordered, "age, then pid text");

        var failed = Store.Read(r => r.Pool.Page(PoolEntryStatus.Failed, limit: 1000));
        Assert.That(failed.Items, Has.Count.EqualTo(32).And.All.Matches<PoolEntry>(e => e.Status == PoolEntryStatus.Failed));
        Assert.That(failed.Next, Is.Null);
    }

    [Test]
    public void Counts_per_status_and_the_oldest_pending_reset_batch()
    {
        Store.Write(tx =>
        {
            for (var i = 0; i < 25; i++) tx.Pool.TryInsert(Entry(i, PoolEntryStatus.PendingReset, ageMs: 100 - i));
            tx.Pool.TryInsert(Entry(100, PoolEntryStatus.Ready));
        });
        var counts = Store.Read(r => r.Pool.CountByStatus());
        Assert.That(counts[PoolEntryStatus.PendingReset], Is.EqualTo(25));
        Assert.That(counts[PoolEntryStatus.Ready], Is.EqualTo(1));
        Assert.That(counts[PoolEntryStatus.Workload], Is.Zero);

        var batch = Store.Read(r => r.Pool.OldestPendingReset(10));
        Assert.That(batch.Select(e => e.Pid), Is.EqualTo(Enumerable.Range(15, 10).Reverse().Select(Canister)));
    }

    [Test]
    public void A_delete_is_a_compare_and_set_too()
    {
        Store.Write(tx => tx.Pool.TryInsert(Entry(1, PoolEntryStatus.Ready)));
        Assert.That(Store.Write(tx => tx.Pool.TryDelete(Canister(1), PoolEntryStatus.Recycling)), Is.False);
        Assert.That(Store.Write(tx => tx.Pool.TryDelete(Canister(1), PoolEntryStatus.Ready)), Is.True);
        Assert.That(Store.Read(r => r.Pool.Get(Canister(1))), Is.Null);
    }

    [Test]
    public void Recovery_returns_claims_of_absent_or_finished_attempts_and_interrupted_recycles_in_one_go()
    {
        Store.Write(tx =>
        {
            foreach (var (id, state) in new[] { ("live", AttemptState.Allocated), ("blocked", AttemptState.Blocked), ("done", AttemptState.Committed), ("failed", AttemptState.Failed) })
                tx.Attempts.TryInsert(Attempt(id, state));
            tx.Pool.TryInsert(Entry(1, PoolEntryStatus.Claimed, operationId: "live", role: "app", moduleHash: "cafe"));
            tx.Pool.TryInsert(Entry(2, PoolEntryStatus.Claimed, operationId: "blocked"));
            tx.Pool.TryInsert(Entry(3, PoolEntryStatus.Claimed, operationId: "done", role: "app", moduleHash: "cafe"));
            tx.Pool.TryInsert(Entry(4, PoolEntryStatus.Claimed, operationId: "failed"));
            tx.Pool.TryInsert(Entry(5, PoolEntryStatus.Claimed, operationId: "absent"));
            tx.Pool.TryInsert(Entry(6, PoolEntryStatus.Recycling, role: "app", moduleHash: "beef"));
            tx.Pool.TryInsert(Entry(7, PoolEntryStatus.Workload, operationId: "gone"));
        });

        var returned = Store.Write(tx => (tx.Pool.ReturnOrphanClaims(), tx.Pool.ReturnInterruptedRecycles()));

        Assert.That(returned, Is.EqualTo((3, 1)));
        var rows = Enumerable.Range(1, 7).Select(n => Store.Read(r => r.Pool.Get(Canister(n)))!).ToArray();
        Assert.That(rows.Select(e => (e.Status, e.OperationId)), Is.EqualTo(new (PoolEntryStatus, string?)[]
        {
            (PoolEntryStatus.Claimed, "live"), (PoolEntryStatus.Claimed, "blocked"), (PoolEntryStatus.PendingReset, null),
            (PoolEntryStatus.PendingReset, null), (PoolEntryStatus.PendingReset, null), (PoolEntryStatus.PendingReset, null),
            (PoolEntryStatus.Workload, "gone"),
        }));
        Assert.That((rows[2].Role, rows[2].ModuleHash, rows[5].Role, rows[5].ModuleHash), Is.EqualTo(("app", "cafe", "app", "beef")), "role and module hash are kept");
        Assert.That(Store.Write(tx => (tx.Pool.ReturnOrphanClaims(), tx.Pool.ReturnInterruptedRecycles())), Is.EqualTo((0, 0)));
    }
}
