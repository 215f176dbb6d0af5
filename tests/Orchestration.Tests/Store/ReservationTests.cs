using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Store;

namespace Canic.Fsm.Orchestration.Tests.Store;

public class ReservationTests : StoreTestBase
{
    private static readonly Cycles Total = Cycles.Parse("10T");

    private void AssertConsistent(string budget = "b")
    {
        var balance = Store.CheckBudget(budget);
        Assert.That(balance.IsConsistent, Is.True, balance.ToString());
    }

    [SetUp]
    public void CreateBudget() => Assert.That(Store.TryCreateBudget("b", Total), Is.True);

    [Test]
    public void A_budget_starts_all_free_and_its_name_is_unique()
    {
        Assert.That(Store.CheckBudget("b"), Is.EqualTo(new BudgetBalance(Total, Total, Cycles.Zero, Cycles.Zero)));
        Assert.That(Store.TryCreateBudget("b", Cycles.Parse("1T")), Is.False);
        Assert.Throws<KeyNotFoundException>(() => Store.CheckBudget("nope"));
    }

    [Test]
    public void Reserve_then_settle_spends_what_was_used_and_returns_the_rest()
    {
        var r = Store.Reserve("b", "a1", Cycles.Parse("3T"));
        Assert.That(Store.CheckBudget("b"), Is.EqualTo(new BudgetBalance(Total, Cycles.Parse("7T"), Cycles.Parse("3T"), Cycles.Zero)));
        Assert.That(Store.Settle(r.Id, Cycles.Parse("2.5T")), Is.True);
        Assert.That(Store.CheckBudget("b"), Is.EqualTo(new BudgetBalance(Total, Cycles.Parse("7.5T"), Cycles.Zero, Cycles.Parse("2.5T"))));
        Assert.That(Store.Read(x => x.Reservations.Get(r.Id)), Is.EqualTo(r with { Status = ReservationStatus.Settled, Spent = Cycles.Parse("2.5T") }));
    }

    [Test]
    public void A_full_reserve_release_cycle_restores_free_exactly()
    {
        var ids = Enumerable.Range(0, 10).Select(i => Store.Reserve("b", $"a{i}", Cycles.Parse("1T")).Id).ToList();
        Assert.That(Store.CheckBudget("b").Free, Is.EqualTo(Cycles.Zero));
        foreach (var id in ids) Assert.That(Store.Release(id), Is.True);
        Assert.That(Store.CheckBudget("b"), Is.EqualTo(new BudgetBalance(Total, Total, Cycles.Zero, Cycles.Zero)));
    }

    [Test]
    public void A_short_budget_refuses_with_budget_free_and_amount_named_and_writes_nothing()
    {
        Store.Reserve("b", "a1", Cycles.Parse("9T"));
        var error = Assert.Throws<InsufficientBudgetException>(() => Store.Write(tx =>
        {
            tx.Attempts.TryInsert(Attempt("a2"));
            tx.Reservations.Reserve("b", "a2", Cycles.Parse("2T"));
        }))!;
        Assert.That((error.BudgetId, error.Free, error.Amount), Is.EqualTo(("b", Cycles.Parse("1T"), Cycles.Parse("2T"))));
        Assert.That(error.Message, Does.Contain("'b'").And.Contain("1T").And.Contain("2T"));
        Assert.That(Store.Read(r => r.Attempts.Get("a2")), Is.Null, "the unit of work rolled back");
        Assert.That(Store.Read(r => r.Reservations.ListOpen()).Select(r => r.AttemptId), Is.EqualTo(new[] { "a1" }));
        AssertConsistent();
    }

    [Test]
    public void Bad_reservation_requests_are_refused_clearly()
    {
        Assert.Throws<KeyNotFoundException>(() => Store.Reserve("nope", "a1", Cycles.Parse("1T")));
        Assert.Throws<ArgumentOutOfRangeException>(() => Store.Reserve("b", "a1", Cycles.Zero));
        var r = Store.Reserve("b", "a1", Cycles.Parse("1T"));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Store.Settle(r.Id, Cycles.Parse("2T")))!;
        Assert.That(error.Message, Does.Contain($"Reservation {r.Id}").And.Contain("1T").And.Contain("2T"));
        Assert.That(Store.Read(x => x.Reservations.Get(r.Id)!.Status), Is.EqualTo(ReservationStatus.Open));
        AssertConsistent();
    }

    [Test]
    public void Closing_a_missing_or_closed_reservation_is_a_no_op()
    {
        var r = Store.Reserve("b", "a1", Cycles.Parse("1T"));
        Assert.That(Store.Release(r.Id), Is.True);
        Assert.That(Store.Release(r.Id), Is.False);
        Assert.That(Store.Settle(r.Id, Cycles.Parse("1T")), Is.False);
        Assert.That(Store.Release(424242), Is.False);
        Assert.That(Store.CheckBudget("b"), Is.EqualTo(new BudgetBalance(Total, Total, Cycles.Zero, Cycles.Zero)));
    }

    [Test]
    public void The_sweep_releases_reservations_of_absent_and_finished_attempts_only()
    {
        Store.Write(tx =>
        {
            tx.Attempts.TryInsert(Attempt("live", AttemptState.Installing));
            tx.Attempts.TryInsert(Attempt("blocked", AttemptState.Blocked));
            tx.Attempts.TryInsert(Attempt("committed", AttemptState.Committed));
            tx.Attempts.TryInsert(Attempt("failed", AttemptState.Failed));
            foreach (var a in new[] { "live", "blocked", "committed", "failed", "absent" })
                tx.Reservations.Reserve("b", a, Cycles.Parse("1T"));
        });
        var settled = Store.Reserve("b", "committed", Cycles.Parse("1T"));
        Store.Settle(settled.Id, Cycles.Parse("1T"));

        Assert.That(Store.SweepOrphanReservations(), Is.EqualTo(3));
        Assert.That(Store.Read(r => r.Reservations.ListOpen()).Select(r => r.AttemptId), Is.EquivalentTo(new[] { "live", "blocked" }));
        Assert.That(Store.CheckBudget("b"), Is.EqualTo(new BudgetBalance(Total, Cycles.Parse("7T"), Cycles.Parse("2T"), Cycles.Parse("1T"))));
        Assert.That(Store.SweepOrphanReservations(), Is.Zero);
    }

    [Test]
    public void An_attempt_transition_and_its_reservation_commit_or_roll_back_together()
    {
        Store.Write(tx => tx.Attempts.TryInsert(Attempt("a1", AttemptState.ModuleResolved)));
        Assert.Throws<ConcurrencyConflictException>(() => Store.Write(tx =>
        {
            var r = tx.Reservations.Reserve("b", "a1", Cycles.Parse("2T"));
            var next = Attempt("a1", AttemptState.Reserved) with { ReservationId = r.Id };
            StoreTransaction.Require(tx.Attempts.TryTransition(next, AttemptState.Requested), "a1 Requested -> Reserved");
        }));
        Assert.That(Store.CheckBudget("b").Free, Is.EqualTo(Total));

        var reserved = Store.Write(tx =>
        {
            var r = tx.Reservations.Reserve("b", "a1", Cycles.Parse("2T"));
            var next = Attempt("a1", AttemptState.Reserved) with { ReservationId = r.Id };
            StoreTransaction.Require(tx.Attempts.TryTransition(next, AttemptState.ModuleResolved), "a1 ModuleResolved -> Reserved");
            return r;
        });
        Assert.That(Store.Read(r => r.Attempts.Get("a1")!.ReservationId), Is.EqualTo(reserved.Id));
        Assert.That(Store.CheckBudget("b").Free, Is.EqualTo(Cycles.Parse("8T")));
    }

    [Test]
    public void Two_concurrent_reservations_of_total_minus_one_and_total_cannot_both_succeed()
    {
        for (var round = 0; round < 20; round++)
        {
            var budget = $"race{round}";
            Store.TryCreateBudget(budget, Total);
            var amounts = new[] { Total - new Cycles(1), Total };
            var outcomes = new bool[2];
            using var start = new Barrier(2);
            Parallel.For(0, 2, i =>
            {
                start.SignalAndWait();
                try { Store.Reserve(budget, $"a{i}", amounts[i]); outcomes[i] = true; }
                catch (InsufficientBudgetException) { outcomes[i] = false; }
            });
            Assert.That(outcomes.Count(o => o), Is.EqualTo(1), $"round {round}");
            AssertConsistent(budget);
        }
    }

    [Test]
    public void A_thousand_concurrent_reservations_never_over_commit_and_the_invariant_holds_after_each()
    {
        var amount = Cycles.Parse("37B");
        var successes = 0;
        var refusals = 0;
        var violations = new System.Collections.Concurrent.ConcurrentBag<string>();
        var tasks = Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 250; i++)
            {
                try
                {
                    var r = Store.Reserve("b", $"w{worker}-{i}", amount);
                    Interlocked.Increment(ref successes);
                    if (i % 5 == 0) Store.Settle(r.Id, new Cycles(amount.Value / 2));
                }
                catch (InsufficientBudgetException) { Interlocked.Increment(ref refusals); }
                var balance = Store.CheckBudget("b");
                if (!balance.IsConsistent) violations.Add(balance.ToString());
            }
        })).ToArray();
        Task.WaitAll(tasks);

        Assert.That(violations, Is.Empty);
        Assert.That(successes + refusals, Is.EqualTo(1000));
        Assert.That(refusals, Is.GreaterThan(0), "the budget must run short for the test to mean anything");
        var final = Store.CheckBudget("b");
        var committed = Store.Read(r => r.Reservations.ListOpen()).Aggregate(Cycles.Zero, (s, r) => s + r.Amount) + final.Spent;
        Assert.That(committed + final.Free, Is.EqualTo(Total));
        Assert.That(final.Free, Is.LessThan(amount), "refused only when free was really short");
    }

    private int _case;

    /// <summary>Any sequence of reserve / settle / release keeps the invariant, and releasing what is left restores free.</summary>
    [FsCheck.NUnit.Property(MaxTest = 40)]
    public void Any_sequence_of_operations_keeps_the_invariant(byte[] script)
    {
        var budget = $"p{Interlocked.Increment(ref _case)}";
        var total = new Cycles(1000);
        Store.TryCreateBudget(budget, total);
        var open = new List<(long Id, long Amount)>();
        var spent = 0L;
        foreach (var step in script ?? [])
        {
            switch (step % 3)
            {
                case 0:
                    try { var r = Store.Reserve(budget, $"x{step}", new Cycles((UInt128)(step + 1) * 3)); open.Add((r.Id, (long)r.Amount.Value)); }
                    catch (InsufficientBudgetException) { }
                    break;
                case 1 when open.Count > 0:
                    var s = open[step % open.Count];
                    var used = s.Amount * (step % 4) / 3;
                    Assert.That(Store.Settle(s.Id, new Cycles((UInt128)used)), Is.True);
                    spent += used;
                    open.Remove(s);
                    break;
                case 2 when open.Count > 0:
                    Assert.That(Store.Release(open[0].Id), Is.True);
                    open.RemoveAt(0);
                    break;
            }
            AssertConsistent(budget);
        }
        foreach (var (id, _) in open) Store.Release(id);
        Assert.That(Store.CheckBudget(budget), Is.EqualTo(new BudgetBalance(total, total - new Cycles((UInt128)spent), Cycles.Zero, new Cycles((UInt128)spent))));
    }

    [Test]
    public void Funds_added_to_a_budget_grow_total_and_free_together()
    {
        Store.Reserve("b", "a1", Cycles.Parse("4T"));
        Store.Write(tx => tx.Reservations.AddFunds("b", Cycles.Parse("1T")));
        Assert.That(Store.CheckBudget("b"), Is.EqualTo(new BudgetBalance(Cycles.Parse("11T"), Cycles.Parse("7T"), Cycles.Parse("4T"), Cycles.Zero)));
    }
}
