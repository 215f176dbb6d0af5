using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Policy;
using static Canic.Fsm.Orchestration.Tests.Policy.TestPrincipals;

namespace Canic.Fsm.Orchestration.Tests.Policy;

/// <summary>The seed's pool tests (002_*) that concern the admin commands' classification and counts.</summary>
public class PoolAdminPlannerTests
{
    private static Func<Principal, PoolEntryPresence> Pool(params (Principal Pid, PoolEntryPresence Presence)[] rows) =>
        pid => rows.Where(r => r.Pid == pid).Select(r => r.Presence).DefaultIfEmpty(PoolEntryPresence.Absent).First();

    private static Func<Principal, bool> Registry(params Principal[] registered) => registered.Contains;

    [Test]
    public void Import_queued_registers_pending_entries()
    {
        var plan = PoolAdminPlanner.PlanImportQueued([P(1), P(2)], Registry(), Pool());
        Assert.That((plan.Added, plan.Requeued, plan.Skipped, plan.Total), Is.EqualTo((2, 0, 0, 2)));
        Assert.That(plan.Changes, Is.EqualTo(new[] { new PlannedPoolChange(P(1), PoolChangeKind.Add), new PlannedPoolChange(P(2), PoolChangeKind.Add) }));
        Assert.That(plan.ScheduleResetWorker, Is.True);
    }

    [Test]
    public void Import_queued_requeues_failed_entries()
    {
        var plan = PoolAdminPlanner.PlanImportQueued([P(3)], Registry(), Pool((P(3), PoolEntryPresence.Failed)));
        Assert.That((plan.Added, plan.Requeued, plan.Skipped, plan.Total), Is.EqualTo((0, 1, 0, 1)));
        Assert.That(plan.Changes, Is.EqualTo(new[] { new PlannedPoolChange(P(3), PoolChangeKind.Requeue) }));
        Assert.That(plan.ScheduleResetWorker, Is.True);
    }

    [Test]
    public void Import_queued_skips_entries_in_other_states()
    {
        var plan = PoolAdminPlanner.PlanImportQueued([P(4)], Registry(), Pool((P(4), PoolEntryPresence.NotFailed)));
        Assert.That((plan.Added, plan.Requeued, plan.Skipped, plan.Total), Is.EqualTo((0, 0, 1, 1)));
        Assert.That(plan.Changes, Is.Empty);
        Assert.That(plan.ScheduleResetWorker, Is.True, "the seed schedules the worker even when nothing changed");
    }

    [Test]
    public void Import_queued_skips_registry_canisters_even_with_a_failed_pool_row()
    {
        var plan = PoolAdminPlanner.PlanImportQueued([P(5), P(6)], Registry(P(5), P(6)), Pool((P(6), PoolEntryPresence.Failed)));
        Assert.That((plan.Added, plan.Requeued, plan.Skipped, plan.Total), Is.EqualTo((0, 0, 2, 2)));
        Assert.That(plan.Changes, Is.Empty);
    }

    [Test]
    public void Import_queued_mixes_and_counts_a_repeated_pid_once()
    {
        var pool = Pool((P(2), PoolEntryPresence.Failed), (P(3), PoolEntryPresence.NotFailed));
        var plan = PoolAdminPlanner.PlanImportQueued([P(1), P(2), P(3), P(4), P(1), P(2)], Registry(P(4)), pool);
        Assert.That((plan.Added, plan.Requeued, plan.Skipped, plan.Total), Is.EqualTo((1, 1, 4, 6)));
        Assert.That(plan.Changes.Select(c => c.Pid), Is.EqualTo(new[] { P(1), P(2) }));
    }

    [Test]
    public void Requeue_failed_scans_the_pool_and_schedules()
    {
        var plan = PoolAdminPlanner.PlanRequeueAllFailed([P(7)], totalEntries: 2);
        Assert.That((plan.Requeued, plan.Skipped, plan.Total), Is.EqualTo((1, 1, 2)));
        Assert.That(plan.Changes, Is.EqualTo(new[] { new PlannedPoolChange(P(7), PoolChangeKind.Requeue) }));
        Assert.That(plan.ScheduleResetWorker, Is.True);
    }

    [Test]
    public void Requeue_failed_with_nothing_failed_does_not_schedule()
    {
        var plan = PoolAdminPlanner.PlanRequeueAllFailed([], totalEntries: 3);
        Assert.That((plan.Requeued, plan.Skipped, plan.Total), Is.EqualTo((0, 3, 3)));
        Assert.That(plan.ScheduleResetWorker, Is.False);
    }

    [Test]
    public void Requeue_failed_rejects_inconsistent_scans()
    {
        Assert.Throws<ArgumentException>(() => PoolAdminPlanner.PlanRequeueAllFailed([P(1), P(2)], totalEntries: 1));
        Assert.Throws<ArgumentException>(() => PoolAdminPlanner.PlanRequeueAllFailed([P(1), P(1)], totalEntries: 5));
    }

    [Test]
    public void Requeue_failed_by_pid_requeues_failed_and_skips_the_rest()
    {
        var pool = Pool((P(1), PoolEntryPresence.Failed), (P(2), PoolEntryPresence.NotFailed));
        var plan = PoolAdminPlanner.PlanRequeueFailed([P(1), P(2), P(3), P(1)], pool);
        Assert.That((plan.Requeued, plan.Skipped, plan.Total), Is.EqualTo((1, 3, 4)));
        Assert.That(plan.Changes, Is.EqualTo(new[] { new PlannedPoolChange(P(1), PoolChangeKind.Requeue) }));
        Assert.That(plan.ScheduleResetWorker, Is.True);
    }

    [Test]
    public void Requeue_failed_by_pid_with_nothing_failed_does_not_schedule()
    {
        var plan = PoolAdminPlanner.PlanRequeueFailed([P(2)], Pool((P(2), PoolEntryPresence.NotFailed)));
        Assert.That((plan.Requeued, plan.Skipped, plan.Total), Is.EqualTo((0, 1, 1)));
        Assert.That(plan.ScheduleResetWorker, Is.False);
    }
}
