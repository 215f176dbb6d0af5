using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Tests.Store;

public class AttemptTests : StoreTestBase
{
    [Test]
    public void Each_state_change_writes_its_history_row_in_order()
    {
        var requested = Attempt("a1");
        Assert.That(Store.Write(tx => tx.Attempts.TryInsert(requested, "asked")), Is.True);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var resolved = requested with { State = AttemptState.ModuleResolved, ModuleHash = "cafe" };
        Assert.That(Store.Write(tx => tx.Attempts.TryTransition(resolved, AttemptState.Requested, "module found")), Is.True);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var allocated = resolved with { State = AttemptState.Allocated, Pid = Canister(7), AllocationSource = AllocationSource.Pool, ReservationId = 3 };
        Assert.That(Store.Write(tx => tx.Attempts.TryTransition(allocated, AttemptState.ModuleResolved)), Is.True);

        Assert.That(Store.Read(r => r.Attempts.Get("a1")), Is.EqualTo(allocated with { UpdatedAt = Clock.GetUtcNow() }));
        var history = Store.Read(r => r.Attempts.History("a1"));
        Assert.That(history.Select(h => (h.Seq, h.From, h.To, h.Reason)), Is.EqualTo(new (long, AttemptState?, AttemptState, string?)[]
        {
            (1, null, AttemptState.Requested, "asked"),
            (2, AttemptState.Requested, AttemptState.ModuleResolved, "module found"),
            (3, AttemptState.ModuleResolved, AttemptState.Allocated, null),
        }));
        Assert.That(history[2].At, Is.EqualTo(Clock.GetUtcNow()));
    }

    [Test]
    public void A_page_is_newest_first_filtered_by_state_with_the_matching_total()
    {
        foreach (var (id, state) in new[] { ("a1", AttemptState.Failed), ("a2", AttemptState.Committed), ("a3", AttemptState.Failed), ("a4", AttemptState.Failed) })
        {
            Store.Write(tx => tx.Attempts.TryInsert(Attempt(id, state)));
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var failed = Store.Read(r => r.Attempts.Page(AttemptState.Failed, 1, 2));
        var all = Store.Read(r => r.Attempts.Page(null, 0, 10));

        Assert.That(failed.Items.Select(a => a.Id), Is.EqualTo(new[] { "a3", "a1" }), "offset 1 skips the newest Failed one (a4)");
        Assert.That(failed.Total, Is.EqualTo(3));
        Assert.That(all.Items.Select(a => a.Id), Is.EqualTo(new[] { "a4", "a3", "a2", "a1" }));
        Assert.That(all.Total, Is.EqualTo(4));
    }

    [Test]
    public void A_stale_transition_is_refused_and_leaves_no_history_row()
    {
        Store.Write(tx => tx.Attempts.TryInsert(Attempt("a1")));
        var stale = Attempt("a1", AttemptState.Installing);
        Assert.That(Store.Write(tx => tx.Attempts.TryTransition(stale, AttemptState.Allocated)), Is.False);
        Assert.That(Store.Write(tx => tx.Attempts.TryTransition(Attempt("missing", AttemptState.Failed), AttemptState.Requested)), Is.False);
        Assert.That(Store.Read(r => r.Attempts.History("a1")), Has.Count.EqualTo(1));
        Assert.That(Store.Read(r => r.Attempts.Get("a1")!.State), Is.EqualTo(AttemptState.Requested));
        Assert.That(Store.Write(tx => tx.Attempts.TryInsert(Attempt("a1"))), Is.False, "the id is taken");
    }

    [Test]
    public void The_active_list_holds_every_non_terminal_attempt_blocked_included()
    {
        var states = Enum.GetValues<AttemptState>();
        Store.Write(tx => { foreach (var s in states) tx.Attempts.TryInsert(Attempt(s.ToString(), s)); });
        var active = Store.Read(r => r.Attempts.ListActive()).Select(a => a.State);
        Assert.That(active, Is.EquivalentTo(states.Where(s => s is not AttemptState.Committed and not AttemptState.Failed)));
        Assert.That(active, Does.Contain(AttemptState.Blocked));
    }
}

public class CreationRegistryAndScalingTests : StoreTestBase
{
    private static CreationRecord Intent(string id, ulong createdAtTime = 1_700_000_000_123_456_789) =>
        new(id, CreationPurpose.Attempt, "a1", CreationMethod.Ledger, createdAtTime, Cycles.Parse("5T"), CreationState.Intent, null, null, Epoch);

    [Test]
    public void A_creation_intent_keeps_its_created_at_time_and_learns_its_canister_by_compare_and_set()
    {
        var intent = Intent("c1");
        Assert.That(Store.Write(tx => tx.Creations.TryInsert(intent)), Is.True);
        Assert.That(Store.Read(r => r.Creations.Get("c1")), Is.EqualTo(intent));
        Assert.That(Store.Read(r => r.Creations.ListIntents()), Is.EqualTo(new[] { intent }));

        var created = intent with { State = CreationState.Created, CanisterId = Canister(3), CreatedAtTime = 1 };
        Assert.That(Store.Write(tx => tx.Creations.TryTransition(created, CreationState.Blocked)), Is.False);
        Assert.That(Store.Write(tx => tx.Creations.TryTransition(created, CreationState.Intent)), Is.True);
        Assert.That(Store.Read(r => r.Creations.Get("c1")), Is.EqualTo(created with { CreatedAtTime = intent.CreatedAtTime }),
            "created_at_time is fixed at intent");
        Assert.That(Store.Read(r => r.Creations.ListIntents()), Is.Empty);
    }

    [Test]
    public void A_created_at_time_above_the_storable_range_is_refused_before_anything_is_written()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Store.Write(tx => tx.Creations.TryInsert(Intent("c1", ulong.MaxValue))))!;
        Assert.That(error.Message, Does.Contain("created_at_time").And.Contain(ulong.MaxValue.ToString()));
        Assert.That(Store.Read(r => r.Creations.Get("c1")), Is.Null);
    }

    [Test]
    public void Registry_registers_once_activates_by_compare_and_set_and_unregisters()
    {
        var entry = new RegistryEntry(Canister(1), "app", Canister(0), "cafe", RegistryStatus.Installing, "a1", Epoch);
        Assert.That(Store.Write(tx => tx.Registry.TryInsert(entry)), Is.True);
        Assert.That(Store.Write(tx => tx.Registry.TryInsert(entry)), Is.False);
        Assert.That(Store.Write(tx => tx.Registry.TryChangeStatus(entry.Pid, RegistryStatus.Active, RegistryStatus.Installing)), Is.False);
        Assert.That(Store.Write(tx => tx.Registry.TryChangeStatus(entry.Pid, RegistryStatus.Installing, RegistryStatus.Active)), Is.True);
        Assert.That(Store.Read(r => r.Registry.Get(entry.Pid)), Is.EqualTo(entry with { Status = RegistryStatus.Active }));
        Assert.That(Store.Read(r => r.Registry.ListByRole("app")), Has.Count.EqualTo(1));
        Assert.That(Store.Write(tx => tx.Registry.TryRemove(entry.Pid, RegistryStatus.Installing)), Is.False);
        Assert.That(Store.Write(tx => tx.Registry.TryRemove(entry.Pid, RegistryStatus.Active)), Is.True);
        Assert.That(Store.Read(r => r.Registry.Get(entry.Pid)), Is.Null);
    }

    [Test]
    public void Scaling_workers_are_numbered_per_pool_replayable_and_counted_while_creating()
    {
        var first = Store.Write(tx => tx.ScalingWorkers.AddCreating("workers", "a1"));
        var again = Store.Write(tx => tx.ScalingWorkers.AddCreating("workers", "a1"));
        var second = Store.Write(tx => tx.ScalingWorkers.AddCreating("workers", "a2"));
        var other = Store.Write(tx => tx.ScalingWorkers.AddCreating("others", "a3"));
        Assert.That((first.Seq, again, second.Seq, other.Seq), Is.EqualTo((1L, first, 2L, 1L)));
        Assert.That(Store.Read(r => r.ScalingWorkers.CountCurrent("workers")), Is.EqualTo(2));

        Assert.That(Store.Write(tx => tx.ScalingWorkers.TryRegister("a1", Canister(5))), Is.True);
        Assert.That(Store.Write(tx => tx.ScalingWorkers.TryRegister("a1", Canister(6))), Is.False);
        Assert.That(Store.Write(tx => tx.ScalingWorkers.TryRetire("a2")), Is.True);
        Assert.That(Store.Read(r => r.ScalingWorkers.CountCurrent("workers")), Is.EqualTo(1));
        Assert.That(Store.Read(r => r.ScalingWorkers.ListByPool("workers")), Is.EqualTo(new[]
        {
            new ScalingWorker("workers", 1, Canister(5), "a1", ScalingWorkerStatus.Registered, true),
            new ScalingWorker("workers", 2, null, "a2", ScalingWorkerStatus.Creating, false),
        }));
    }

    [Test]
    public void A_scaling_worker_is_planned_when_its_attempt_was_requested()
    {
        Clock.Advance(TimeSpan.FromMinutes(3));
        var worker = Store.Write(tx =>
        {
            tx.Attempts.TryInsert(Attempt("a7") with { CreatedAt = Clock.GetUtcNow(), UpdatedAt = Clock.GetUtcNow() });
            return tx.ScalingWorkers.AddCreating("workers", "a7");
        });
        Assert.That(worker.PlannedAt, Is.EqualTo(Epoch.AddMinutes(3)));
        Assert.That(Store.Read(r => r.ScalingWorkers.ListByPool("workers")).Single().PlannedAt, Is.EqualTo(Epoch.AddMinutes(3)));
    }

    [Test]
    public void Recovery_loads_exactly_the_non_terminal_records()
    {
        Store.Write(tx =>
        {
            var n = 0;
            foreach (var s in Enum.GetValues<PoolEntryStatus>())
                tx.Pool.TryInsert(Entry(n++, s, reason: s == PoolEntryStatus.Failed ? "r" : null,
                    operationId: s is PoolEntryStatus.Claimed or PoolEntryStatus.Workload ? $"op{n}" : null));
            tx.Attempts.TryInsert(Attempt("live", AttemptState.Installing));
            tx.Attempts.TryInsert(Attempt("done", AttemptState.Committed));
            tx.Creations.TryInsert(Intent("c-open"));
            tx.Creations.TryInsert(Intent("c-done") with { State = CreationState.Created, CanisterId = Canister(50) });
            tx.Reservations.TryCreateBudget("b", Cycles.Parse("10T"));
            tx.Reservations.Reserve("b", "live", Cycles.Parse("1T"));
            tx.Reservations.Release(tx.Reservations.Reserve("b", "done", Cycles.Parse("1T")).Id);
        });
        var snapshot = Store.Read(r => r.LoadRecovery());
        Assert.That(snapshot.PoolEntries.Select(e => e.Status),
            Is.EquivalentTo(new[] { PoolEntryStatus.PendingReset, PoolEntryStatus.Claimed, PoolEntryStatus.Recycling }));
        Assert.That(snapshot.Attempts.Select(a => a.Id), Is.EqualTo(new[] { "live" }));
        Assert.That(snapshot.CreationIntents.Select(c => c.Id), Is.EqualTo(new[] { "c-open" }));
        Assert.That(snapshot.OpenReservations.Select(r => r.AttemptId), Is.EqualTo(new[] { "live" }));
    }
}
