using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Tests.Support;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

/// <summary>
/// <c>Roles:{role}:Singleton</c>: a role has at most one registered canister. A request for a singleton role that has a
/// registered canister, or an attempt in flight, is refused with a reason naming it, and nothing is written.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class SingletonRoleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Test]
    public async Task A_second_request_after_the_first_committed_is_refused_naming_the_registered_canister()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        var first = await o.WaitForAttemptAsync(await o.ProvisionAsync("solo")).WaitAsync(Timeout);
        Assert.That(first.State, Is.EqualTo("Committed"), first.Reason);
        var before = Written(o);

        var e = await Refused(o.ProvisionAsync("solo"));

        Assert.Multiple(() =>
        {
            Assert.That(e.Field, Is.EqualTo("role"));
            Assert.That(e.Message, Does.Contain("singleton").And.Contain(first.Pid!).And.Contain("recycle it first"));
            Assert.That(Written(o), Is.EqualTo(before), "a refused request writes nothing");
        });
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task A_request_while_an_attempt_is_in_flight_is_refused_naming_the_attempt()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var gate = new InstallGate(h.Ic.ManagementCanisterFor(OrchestratorHarness.Self));
        var o = await h.OpenAsync(management: gate);
        var id = await o.ProvisionAsync("solo");
        try
        {
            await gate.Entered.WaitAsync(Timeout);  // the first attempt is Installing, its install_code held at the gate
            var e = await Refused(o.ProvisionAsync("solo"));
            Assert.That(e.Message, Does.Contain("singleton").And.Contain($"attempt {id}").And.Contain("in flight"));
        }
        finally
        {
            gate.Open();  // also on failure: a stop waits for the uncancellable install
        }
        Assert.That((await o.WaitForAttemptAsync(id).WaitAsync(Timeout)).State, Is.EqualTo("Committed"));
        Assert.That(o.ListAttempts().Total, Is.EqualTo(1));
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task Of_two_concurrent_requests_exactly_one_is_accepted([Values(1, 2, 3, 4, 5)] int round)
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = Enumerable.Range(0, 2).Select(_ => Task.Run(async () => { await go.Task; return await o.ProvisionAsync("solo"); })).ToList();
        go.SetResult();
        await Task.WhenAll(requests).ContinueWith(_ => { }, TaskScheduler.Default);

        var accepted = requests.Where(r => r.IsCompletedSuccessfully).Select(r => r.Result).ToList();
        var refused = requests.Where(r => r.IsFaulted).Select(r => r.Exception!.InnerException).ToList();
        Assert.That(accepted, Has.Count.EqualTo(1), $"round {round}: {string.Join("; ", refused.Select(x => x?.Message))}");
        Assert.That(refused, Has.Count.EqualTo(1).And.All.InstanceOf<OrchestratorInputException>());
        Assert.That((await o.WaitForAttemptAsync(accepted[0]).WaitAsync(Timeout)).State, Is.EqualTo("Committed"));
        Assert.That(o.ListAttempts().Total, Is.EqualTo(1));
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task Once_its_canister_is_recycled_the_role_can_be_provisioned_again()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        var first = await o.WaitForAttemptAsync(await o.ProvisionAsync("solo")).WaitAsync(Timeout);
        await o.PoolAdminAsync(new PoolAdminCommand.Recycle(first.Pid!)).WaitAsync(Timeout);

        var second = await o.WaitForAttemptAsync(await o.ProvisionAsync("solo")).WaitAsync(Timeout);

        Assert.That(second.State, Is.EqualTo("Committed"), second.Reason);
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task A_failed_attempt_does_not_hold_the_role_and_other_roles_are_not_limited()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var o = await h.OpenAsync();
        h.Ic.Faults = Canic.Fsm.Ic.Simulation.FaultPlan.None.On(Canic.Fsm.Ic.Simulation.IcMethod.InstallCode, 1, new Canic.Fsm.Ic.Simulation.Fault.Reject(RejectCode.CanisterError));
        var failed = await o.WaitForAttemptAsync(await o.ProvisionAsync("solo")).WaitAsync(Timeout);
        Assert.That(failed.State, Is.EqualTo("Failed"));

        var retried = await o.WaitForAttemptAsync(await o.ProvisionAsync("solo")).WaitAsync(Timeout);
        var apps = await Task.WhenAll(o.ProvisionAsync("app"), o.ProvisionAsync("app"));

        Assert.That(retried.State, Is.EqualTo("Committed"), retried.Reason);
        Assert.That(apps.Distinct().Count(), Is.EqualTo(2));
        foreach (var app in apps) await o.WaitForAttemptAsync(app).WaitAsync(Timeout);
        await h.AssertInvariantsAsync(o);
    }

    private static async Task<OrchestratorInputException> Refused(Task<long> request)
    {
        try { await request.WaitAsync(Timeout); }
        catch (OrchestratorInputException e) { return e; }
        Assert.Fail("the request was accepted");
        throw new InvalidOperationException();
    }

    private static (long Attempts, string Free) Written(Orchestration.Orchestrator o) =>
        (o.ListAttempts().Total, o.ListBudgets().Single(b => b.Id == "solo").Free);

    /// <summary>Holds install_code until <see cref="Open"/>: an attempt stays in flight for as long as the test needs.</summary>
    private sealed class InstallGate(IManagementCanister inner) : ForwardingManagementCanister(inner)
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;
        public void Open() => _open.TrySetResult();
        public override async Task InstallCodeAsync(InstallCodeArgs args, CancellationToken ct = default)
        {
            _entered.TrySetResult();
            await _open.Task.WaitAsync(ct);
            await Inner.InstallCodeAsync(args, ct);
        }
    }
}
