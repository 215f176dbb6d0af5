using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace Canic.Fsm.Ic.Simulation.Tests;

public class FaultInjectionTests : SimulatedIcTestBase
{
    [Test]
    public async Task A_scripted_reject_hits_exactly_the_numbered_call_and_has_no_effect()
    {
        var ids = new[] { await CreateCanisterAsync(), await CreateCanisterAsync(), await CreateCanisterAsync() };
        Sim.Faults = FaultPlan.None.On(IcMethod.InstallCode, 3, new Fault.Reject(RejectCode.SysTransient, "busy", "IC0208"));

        await Management.InstallCodeAsync(new(new CanisterInstallMode.Install(), ids[0], Module(10)));
        await Management.InstallCodeAsync(new(new CanisterInstallMode.Install(), ids[1], Module(10)));
        var reject = await RejectOf(() => Management.InstallCodeAsync(new(new CanisterInstallMode.Install(), ids[2], Module(10))));

        Assert.That(reject.Code, Is.EqualTo(RejectCode.SysTransient));
        Assert.That(reject.ErrorCode, Is.EqualTo("IC0208"));
        Assert.That(Sim.Canister(ids[2])!.ModuleHash, Is.Null);
        var installs = Sim.CallLog().Where(c => c.Method == IcMethod.InstallCode).ToArray();
        Assert.That(installs.Select(c => c.CallNumber), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(installs.Select(c => c.Fault is not null), Is.EqualTo(new[] { false, false, true }));
    }

    [Test]
    public async Task A_lost_reply_after_create_leaves_the_canister_and_the_resend_is_a_duplicate()
    {
        Sim.Mint(new Account(Orchestrator), Cycles.Parse("10T"));
        Sim.Faults = FaultPlan.None.On(IcMethod.CreateCanister, 1, new Fault.AppliedButReplyLost());
        var args = new CreateCanisterArgs(Cycles.Parse("5T"), Now);

        var lost = Assert.ThrowsAsync<IcUnknownOutcomeException>(() => Ledger.CreateCanisterAsync(args))!;
        var resend = await Ledger.CreateCanisterAsync(args);

        Assert.That(lost.Method, Is.EqualTo("create_canister"));
        var created = Sim.Snapshot().Canisters.Single();
        Assert.That(((CreateCanisterError.Duplicate)((CreateCanisterResult.Err)resend).Error).CanisterId, Is.EqualTo(created.Id));
    }

    [Test]
    public async Task A_lost_reply_after_install_is_reconciled_by_the_module_hash()
    {
        var id = await CreateCanisterAsync();
        Sim.Faults = FaultPlan.None.On(IcMethod.InstallCode, 1, new Fault.AppliedButReplyLost());
        var module = Module(50);

        Assert.ThrowsAsync<IcUnknownOutcomeException>(() => Management.InstallCodeAsync(new(new CanisterInstallMode.Install(), id, module)));

        Assert.That((await StatusAsync(id)).ModuleHash, Is.EqualTo(HashOf(module)));
    }

    [Test]
    public async Task A_timeout_before_the_call_is_an_unknown_outcome_without_effect()
    {
        Sim.Faults = FaultPlan.None.On(IcMethod.ProvisionalCreateCanisterWithCycles, 1, new Fault.TimedOutBeforeApplied());

        Assert.ThrowsAsync<IcUnknownOutcomeException>(() => Management.ProvisionalCreateCanisterWithCyclesAsync(new()));
        await CreateCanisterAsync();

        Assert.That(Sim.Snapshot().Canisters, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Latency_delays_the_call_on_the_network_clock()
    {
        var id = await CreateCanisterAsync();
        Sim.Faults = FaultPlan.None.On(IcMethod.StopCanister, 1, new Fault.Latency(TimeSpan.FromSeconds(30)));

        var stop = Management.StopCanisterAsync(new(id));
        Assert.That(stop.IsCompleted, Is.False);
        Assert.That(Sim.Canister(id)!.Status, Is.EqualTo(CanisterStatus.Running));
        Clock.Advance(TimeSpan.FromSeconds(30));
        await stop.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(Sim.Canister(id)!.Status, Is.EqualTo(CanisterStatus.Stopped));
    }

    [Test]
    public async Task Calls_without_latency_complete_synchronously()
    {
        var id = await CreateCanisterAsync();

        var status = StatusAsync(id);

        Assert.That(status.IsCompletedSuccessfully, Is.True);
    }

    [Test]
    public async Task A_cancelled_call_is_not_sent()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.CatchAsync<OperationCanceledException>(() => Management.ProvisionalCreateCanisterWithCyclesAsync(new(), cancelled.Token));

        Assert.That(Sim.CallCount(IcMethod.ProvisionalCreateCanisterWithCycles), Is.Zero);
        Assert.That(Sim.Snapshot().Canisters, Is.Empty);
    }

    private static readonly RandomFaultProfile Chaos = new()
    {
        Reject = 0.15,
        AppliedButReplyLost = 0.1,
        TimedOutBeforeApplied = 0.05,
        RejectCodes = [RejectCode.SysTransient, RejectCode.CanisterError],
    };

    [Test]
    public void A_random_plan_reproduces_exactly_from_its_seed_and_differs_for_another()
    {
        var first = Run(seed: 42);
        var again = Run(seed: 42);
        var other = Run(seed: 43);

        Assert.That(again, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
        Assert.That(first, Has.Some.Contains("Reject").And.Some.Contains("AppliedButReplyLost"));
    }

    [Test]
    public void A_random_plan_draws_faults_at_the_configured_rates()
    {
        var plan = FaultPlan.Random(7, Chaos);

        var faults = Enumerable.Range(1, 20_000).Select(n => plan.FaultFor(IcMethod.InstallCode, n)).ToArray();

        Assert.That(faults.Count(f => f is Fault.Reject) / 20_000.0, Is.EqualTo(0.15).Within(0.01));
        Assert.That(faults.Count(f => f is Fault.AppliedButReplyLost) / 20_000.0, Is.EqualTo(0.10).Within(0.01));
        Assert.That(faults.Count(f => f is null) / 20_000.0, Is.EqualTo(0.70).Within(0.01));
        Assert.That(faults.OfType<Fault.Reject>().Select(r => r.Code).Distinct(), Is.EquivalentTo(Chaos.RejectCodes));
    }

    [Test]
    public void A_random_plan_spares_methods_outside_its_set_and_scripted_faults_win()
    {
        var plan = FaultPlan.Random(1, Chaos with { Reject = 1, AppliedButReplyLost = 0, TimedOutBeforeApplied = 0, Methods = new HashSet<IcMethod> { IcMethod.InstallCode } })
            .On(IcMethod.InstallCode, 2, new Fault.Latency(TimeSpan.FromSeconds(1)));

        Assert.That(plan.FaultFor(IcMethod.CanisterStatus, 1), Is.Null);
        Assert.That(plan.FaultFor(IcMethod.InstallCode, 1), Is.TypeOf<Fault.Reject>());
        Assert.That(plan.FaultFor(IcMethod.InstallCode, 2), Is.EqualTo(new Fault.Latency(TimeSpan.FromSeconds(1))));
    }

    [TestCase(0.6, 0.6)]
    [TestCase(-0.1, 0)]
    [TestCase(double.NaN, 0)]
    public void Impossible_probabilities_are_refused(double reject, double lost) =>
        Assert.That(() => FaultPlan.Random(1, new RandomFaultProfile { Reject = reject, AppliedButReplyLost = lost }),
            Throws.ArgumentException.With.Message.Contains("probabilities"));

    [Test]
    public async Task Concurrent_ledger_creations_from_several_threads_get_distinct_ids_and_conserve_cycles()
    {
        Sim.Mint(new Account(Orchestrator), Cycles.Parse("10000T"));
        var at = Now;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var ledger = Sim.CyclesLedgerFor(Orchestrator);
            var ids = new List<Principal>();
            for (var i = 0; i < 250; i++)
            {
                // Every worker sends each request twice: the resend must be a duplicate, never a second canister.
                var args = new CreateCanisterArgs(Cycles.Parse("1T") + new Cycles((UInt128)(worker * 1000 + i)), at);
                ids.Add(((CreateCanisterResult.Ok)await ledger.CreateCanisterAsync(args)).Value.CanisterId);
                Assert.That(await ledger.CreateCanisterAsync(args), Is.TypeOf<CreateCanisterResult.Err>());
            }
            return ids;
        })));

        var snapshot = Sim.Snapshot();
        Assert.That(results.SelectMany(r => r).Distinct().Count(), Is.EqualTo(2000));
        Assert.That(snapshot.Canisters, Has.Count.EqualTo(2000));
        Assert.That(snapshot.CyclesConserved, Is.True);
    }

    /// <summary>A fixed sequential workload under a random plan, described call by call and outcome by outcome.</summary>
    private static List<string> Run(int seed)
    {
        using var sim = new SimulatedIc(time: new FakeTimeProvider(Start));
        sim.Mint(new Account(Orchestrator), Cycles.Parse("1000T"));
        sim.Faults = FaultPlan.Random(seed, Chaos);
        var management = sim.ManagementCanisterFor(Orchestrator);
        var ledger = sim.CyclesLedgerFor(Orchestrator);
        var outcomes = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            outcomes.Add(Outcome(() => ledger.CreateCanisterAsync(new(Cycles.Parse("1T"), (ulong)i + 1_735_689_600_000_000_000))));
            foreach (var canister in sim.Snapshot().Canisters.Where(c => c.ModuleHash is null).Take(1))
                outcomes.Add(Outcome(() => management.InstallCodeAsync(new(new CanisterInstallMode.Install(), canister.Id, Module(10)))));
        }
        outcomes.AddRange(sim.CallLog().Select(c => $"{c.Sequence} {c.Method} #{c.CallNumber} {c.Fault}"));
        outcomes.AddRange(sim.Snapshot().Canisters.Select(c => $"{c.Id} {c.Cycles} {Convert.ToHexString(c.ModuleHash ?? [])}"));
        return outcomes;
    }

    private static string Outcome(Func<Task> call)
    {
        var task = call();
        return task.Exception?.InnerException?.GetType().Name ?? (task is Task<CreateCanisterResult> r ? r.Result.ToString() : "ok");
    }
}
