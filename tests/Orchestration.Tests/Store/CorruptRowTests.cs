using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Store;

namespace Canic.Fsm.Orchestration.Tests.Store;

public class CorruptRowTests : StoreTestBase
{
    private string _pid = null!;

    [SetUp]
    public void InsertGoodRow()
    {
        _pid = Canister(1).ToString();
        Store.Write(tx => tx.Pool.TryInsert(Entry(1, PoolEntryStatus.Ready)));
    }

    [TestCase("status = 'Readdy'", "status", "Readdy")]
    [TestCase("status = '1'", "status", "PendingReset")]
    [TestCase("cycles = -5", "cycles", "negative")]
    [TestCase("parent = 'not-a-principal'", "parent", "not-a-principal")]
    [TestCase("created_at = 'yesterday'", "created_at", "yesterday")]
    public void A_bad_pool_row_raises_an_error_naming_table_row_and_column(string damage, string column, string detail)
    {
        Raw($"PRAGMA ignore_check_constraints = 1; UPDATE pool_entries SET {damage}");
        var error = Assert.Throws<CorruptRowException>(() => Store.Read(r => r.Pool.Page()))!;
        Assert.That((error.Table, error.RowKey, error.Column), Is.EqualTo(("pool_entries", _pid, column)));
        Assert.That(error.Message, Does.Contain(detail).And.Contain(_pid));
    }

    [Test]
    public void A_corrupt_principal_key_is_reported_not_skipped()
    {
        Raw("UPDATE pool_entries SET pid = 'aaaaa-aaaaa'");
        var error = Assert.Throws<CorruptRowException>(() => Store.Read(r => r.Pool.ListByStatus(PoolEntryStatus.Ready)))!;
        Assert.That(error.Message, Does.Contain("aaaaa-aaaaa").And.Contain("checksum"));
    }

    [Test]
    public void Bad_rows_of_other_tables_are_named_too()
    {
        Store.Write(tx => tx.Attempts.TryInsert(Attempt("a1")));
        Raw("UPDATE attempt_transitions SET to_state = 'Teleported'");
        var error = Assert.Throws<CorruptRowException>(() => Store.Read(r => r.Attempts.History("a1")))!;
        Assert.That(error.Message, Does.Contain("attempt_transitions").And.Contain("a1").And.Contain("Teleported"));
    }

    [Test]
    public void Cycles_above_the_storable_range_are_refused_at_the_boundary_and_nothing_is_written()
    {
        var huge = new Cycles((UInt128)long.MaxValue + 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Store.Write(tx =>
        {
            tx.Attempts.TryInsert(Attempt("a1"));
            tx.Pool.TryInsert(Entry(2, PoolEntryStatus.Ready) with { Cycles = huge });
        }))!;
        Assert.That(error.Message, Does.Contain("cycles").And.Contain(huge.Value.ToString()));
        Assert.That(Store.Read(r => r.Attempts.Get("a1")), Is.Null);
        Assert.Throws<ArgumentOutOfRangeException>(() => Store.TryCreateBudget("b", huge));
    }

    [Test]
    public void An_operation_kept_past_its_write_fails_loudly()
    {
        PoolEntryCommands? leaked = null;
        Store.Write(tx => leaked = tx.Pool);
        Assert.Throws<InvalidOperationException>(() => leaked!.Get(Canister(1)));
    }

    [Test]
    public void A_nested_write_is_refused_instead_of_deadlocking()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Store.Write(_ => Store.Write(tx => tx.Pool.Get(Canister(1)))))!;
        Assert.That(error.Message, Does.Contain("inside another Write"));
        Assert.That(Store.Write(tx => tx.Pool.Get(Canister(1))), Is.Not.Null, "the store still works");
    }
}
