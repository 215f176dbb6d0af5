using Canic.Fsm.Tests.Shared;
using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

[Parallelizable(ParallelScope.All)]
public class HappyPathTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Test]
    public async Task RefillFillsThePoolToMinimumSizeWithResetCanisters()
    {
        await using var h = new OrchestratorHarness(minimumSize: 3);
        var o = await h.OpenAsync();
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);

        var summary = o.GetPoolSummary();
        Assert.That(summary.Ready, Is.EqualTo(3));
        Assert.That(summary.Total, Is.EqualTo(3));
        foreach (var entry in o.ListPoolEntries("ready").Items)
        {
            var canister = h.Ic.Canister(Principal.Parse(entry.Pid))!;
            Assert.That(canister.Controllers, Does.Contain(OrchestratorHarness.Self));
            Assert.That(canister.ModuleHash, Is.Null);
            Assert.That(Cycles.Parse(entry.Cycles), Is.GreaterThanOrEqualTo(OrchestratorHarness.CanisterCycles));
        }
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task ConcurrentNewCanisterAttemptsWithinOneClockTickEachGetTheirOwnCanister()
    {
        // A frozen clock puts every intent in the same tick: the ledger must still see distinct requests.
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync(time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow));
        var ids = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => o.ProvisionAsync("app")));

        var attempts = await Task.WhenAll(ids.Select(id => o.WaitForAttemptAsync(id).WaitAsync(Timeout)));
        Assert.That(attempts.Select(a => a.State), Is.All.EqualTo("Committed"));
        Assert.That(attempts.Select(a => a.Pid).Distinct().Count(), Is.EqualTo(4));
        Assert.That(o.ListCreations(null, 0, 10).Items.Select(c => c.CreatedAtTime).Distinct().Count(), Is.EqualTo(4));
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task ProvisioningFromThePoolClaimsTheOldestReadyCanisterAndCommits()
    {
        await using var h = new OrchestratorHarness(minimumSize: 2);
        var o = await h.OpenAsync();
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);
        var oldest = o.ListPoolEntries("Ready").Items[0].Pid;

        var id = await o.ProvisionAsync("app");
        var attempt = await o.WaitForAttemptAsync(id).WaitAsync(Timeout);

        Assert.That(attempt.State, Is.EqualTo("Committed"), attempt.Reason);
        Assert.That(attempt.Source, Is.EqualTo("pool"));
        Assert.That(attempt.Pid, Is.EqualTo(oldest));
        Assert.That(o.GetPoolEntry(oldest)!.Status, Is.EqualTo("Workload"));
        Assert.That(h.Ic.Canister(Principal.Parse(oldest))!.ModuleHash, Is.Not.Null);
        Assert.That(attempt.History.Select(t => t.To), Is.EqualTo(new[] { "Requested", "ModuleResolved", "Reserved", "Allocated", "Installing", "Committed" }));
        var budget = o.ListBudgets().Single(b => b.Id == "app");
        Assert.That(budget.Spent, Is.EqualTo(OrchestratorHarness.CanisterCycles.ToString()));
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task CanistersInUseDoNotCountAgainstMaximumSizeSoThePoolRefillsAfterProvisioning()
    {
        await using var h = new OrchestratorHarness(minimumSize: 2, maximumSize: 3);
        var o = await h.OpenAsync();
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);
        foreach (var id in new[] { await o.ProvisionAsync("app"), await o.ProvisionAsync("app") })
            Assert.That((await o.WaitForAttemptAsync(id).WaitAsync(Timeout)).Source, Is.EqualTo("pool"));

        await o.RunToQuiescenceAsync().WaitAsync(Timeout);

        var summary = o.GetPoolSummary();
        Assert.That(summary.Counts["Workload"], Is.EqualTo(2));
        Assert.That(summary.Ready, Is.EqualTo(2), "the two canisters in use left the pool: the refill has room for minimum_size again");
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task ProvisioningWithAnEmptyPoolCreatesANewCanister()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();

        var parent = TestCanisterIds.Unallocated(9);
        var attempt = await o.WaitForAttemptAsync(await o.ProvisionAsync("app", parent: parent.ToString())).WaitAsync(Timeout);

        Assert.That(attempt.State, Is.EqualTo("Committed"), attempt.Reason);
        Assert.That(attempt.Source, Is.EqualTo("new"));
        var canister = h.Ic.Canister(Principal.Parse(attempt.Pid!))!;
        Assert.That(canister.Controllers, Is.EquivalentTo(new[] { OrchestratorHarness.Self, parent }));
        Assert.That(o.ListCreations("Created").Items.Single().Pid, Is.EqualTo(attempt.Pid));
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task MissingModuleFailsWithMissingWasmAndReservesNothing()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();

        var attempt = await o.WaitForAttemptAsync(await o.ProvisionAsync("nomodule")).WaitAsync(Timeout);

        Assert.That(attempt.State, Is.EqualTo("Failed"));
        Assert.That(attempt.Reason, Does.StartWith("MissingWasm"));
        Assert.That(o.ListReservations().Total, Is.Zero);
        Assert.That(h.Ic.Snapshot().Canisters, Is.Empty);
    }

    [TestCase(0, true, "below_min_workers")]
    [TestCase(1, false, "within_bounds")]
    [TestCase(2, false, "at_max_workers")]
    public async Task CreateWorkerFollowsTheScalingPolicy(int existing, bool spawns, string reason)
    {
        var scaling = new ScalingSettings(new Dictionary<string, ScalingPoolSettings> { ["jobs"] = new("jobs", "app", 1, 1, 2) });
        await using var h = new OrchestratorHarness(minimumSize: 0, scaling: scaling);
        var o = await h.OpenAsync();
        for (var i = 0; i < existing; i++)
        {
            // Workers beyond min_workers come from capacity scale-out; here they are added directly.
            var id = o.Persistence.Commit(tx => { var w = tx.ScalingWorkers.AddCreating("jobs", "seed" + i); return w; });
        }

        var result = await o.CreateWorkerAsync("jobs");

        Assert.That(result.Spawned, Is.EqualTo(spawns));
        Assert.That(result.Reason, Is.EqualTo(reason));
        if (spawns)
        {
            var attempt = await o.WaitForAttemptAsync(result.Attempt!.Value).WaitAsync(Timeout);
            Assert.That(attempt.State, Is.EqualTo("Committed"), attempt.Reason);
            var pool = o.GetScalingPool("jobs")!;
            Assert.That(pool.Current, Is.EqualTo(attempt.Pid));
            Assert.That(pool.Workers.Single().IsCurrent, Is.True);
            Assert.That(pool.Workers.Single().CreatedAt, Is.EqualTo(attempt.CreatedAt), "planned with its attempt, in one commit");
        }
    }

    [Test]
    public async Task OfConcurrentCreateWorkerRequestsBelowMinOnlyOneSpawns()
    {
        var scaling = new ScalingSettings(new Dictionary<string, ScalingPoolSettings> { ["jobs"] = new("jobs", "app", 0, 1, 4) });
        await using var h = new OrchestratorHarness(minimumSize: 0, scaling: scaling);
        var o = await h.OpenAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => o.CreateWorkerAsync("jobs")))).WaitAsync(Timeout);

        Assert.That(results.Count(r => r.Spawned), Is.EqualTo(1));
        Assert.That(results.Where(r => !r.Spawned).Select(r => r.Reason), Is.All.EqualTo("within_bounds"));
        await o.WaitForAttemptAsync(results.Single(r => r.Spawned).Attempt!.Value).WaitAsync(Timeout);
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task ThePoolCheckBootstrapsInitialWorkersOnceAndKeepsThem()
    {
        var scaling = new ScalingSettings(new Dictionary<string, ScalingPoolSettings> { ["jobs"] = new("jobs", "app", 2, 1, 4) });
        await using var h = new OrchestratorHarness(minimumSize: 0, scaling: scaling);
        var o = await h.OpenAsync();

        await o.RunToQuiescenceAsync().WaitAsync(Timeout);
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);

        var pool = o.GetScalingPool("jobs")!;
        Assert.That(pool.Workers.Select(w => w.State), Is.EqualTo(new[] { "Registered", "Registered" }), "initial_workers 2, not more on a second pass");
        Assert.That(pool.Current, Is.EqualTo(pool.Workers[1].Pid));
        await h.AssertInvariantsAsync(o);
    }

    [TestCase(true, TestName = "A recycled worker leaves its scaling pool and is replaced")]
    [TestCase(false, TestName = "An imported worker leaves its scaling pool and is replaced")]
    public async Task AWorkerWhoseCanisterReturnsToThePoolLeavesItsScalingPool(bool recycle)
    {
        var scaling = new ScalingSettings(new Dictionary<string, ScalingPoolSettings> { ["jobs"] = new("jobs", "app", 1, 1, 4) });
        await using var h = new OrchestratorHarness(minimumSize: 0, scaling: scaling);
        var o = await h.OpenAsync();
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);
        var first = o.GetScalingPool("jobs")!.Current!;

        var command = recycle ? (PoolAdminCommand)new PoolAdminCommand.Recycle(first) : new PoolAdminCommand.ImportImmediate(first);
        await o.PoolAdminAsync(command).WaitAsync(Timeout);
        Assert.That(o.GetScalingPool("jobs")!.Current, Is.Null, "its canister is back in the pool: no longer the current worker");

        await o.RunToQuiescenceAsync().WaitAsync(Timeout);
        var pool = o.GetScalingPool("jobs")!;
        Assert.That(pool.Workers.Select(w => w.IsCurrent), Is.EqualTo(new[] { false, true }), "the bootstrap replaced it with a new worker");
        Assert.That(pool.Current, Is.EqualTo(pool.Workers[1].Pid));
        Assert.That(pool.Workers[1].Attempt, Is.Not.EqualTo(pool.Workers[0].Attempt));
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task CapacityScaleOutProvisionsTheNextWorkerAtTheThreshold()
    {
        var scaling = new ScalingSettings(new Dictionary<string, ScalingPoolSettings>
        {
            ["data"] = new("data", "app", 1, 1, 3, CapacityBytes: 1000, ScaleOutAt: 0.8),
        });
        await using var h = new OrchestratorHarness(minimumSize: 0, scaling: scaling);
        var o = await h.OpenAsync();
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);          // no current worker: the first is spawned
        var first = o.GetScalingPool("data")!.Current;
        Assert.That(first, Is.Not.Null);

        h.Ic.SetMemorySize(Principal.Parse(first!), 700);
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);
        Assert.That(o.GetScalingPool("data")!.Workers, Has.Count.EqualTo(1), "below 80 %: no new worker");

        h.Ic.SetMemorySize(Principal.Parse(first!), 800);
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);
        var pool = o.GetScalingPool("data")!;
        Assert.That(pool.Workers, Has.Count.EqualTo(2));
        Assert.That(pool.Current, Is.EqualTo(pool.Workers[1].Pid), "the newest worker is current");
        await h.AssertInvariantsAsync(o);
    }
}
