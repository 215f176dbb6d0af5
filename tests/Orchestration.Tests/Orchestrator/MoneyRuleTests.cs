using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Ic;
using Canic.Fsm.Orchestration.Ic.Simulated;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

/// <summary>Money-rule regressions found in review: deletes, the registry, and intents in flight.</summary>
[Parallelizable(ParallelScope.All)]
public class MoneyRuleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Test]
    public async Task ACompensationThatDeletesTheCanisterAlsoRemovesItsRegistryRow()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 0);
        h.Ic.Faults = FaultPlan.None.On(IcMethod.InstallCode, 1, new Fault.Reject(RejectCode.CanisterError));
        var o = await h.OpenAsync();

        var attempt = await o.WaitForAttemptAsync(await o.ProvisionAsync("app")).WaitAsync(Timeout);

        var pid = Principal.Parse(attempt.Pid!);
        Assert.That(h.Ic.Canister(pid)!.Deleted, Is.True);
        Assert.That(o.Context.Store.Read(r => r.Registry.Get(pid)), Is.Null, "no registry row for a deleted canister");
    }

    [Test]
    public async Task ATransientRejectOfTheStatusAfterAnUnknownDeleteKeepsTheCanisterTracked()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 0);
        // The delete never reached the canister, and the status that checks it is rejected for a transient reason:
        // the canister still exists and must stay in the pool.
        h.Ic.Faults = FaultPlan.None.On(IcMethod.InstallCode, 1, new Fault.Reject(RejectCode.CanisterError))
            .On(IcMethod.DeleteCanister, 1, new Fault.TimedOutBeforeApplied())
            .On(IcMethod.CanisterStatus, 1, new Fault.Reject(RejectCode.SysTransient));
        var o = await h.OpenAsync();

        var attempt = await o.WaitForAttemptAsync(await o.ProvisionAsync("app")).WaitAsync(Timeout);

        var pid = Principal.Parse(attempt.Pid!);
        Assert.That(h.Ic.Canister(pid)!.Deleted, Is.False);
        Assert.That(o.GetPoolEntry(pid.ToString()), Is.Not.Null, "a canister that still exists keeps its pool row");
        await h.AssertInvariantsAsync(o);
    }

    [Test]
    public async Task APoolCheckDoesNotResendAProvisionalCreateThatIsStillInFlight()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 4, creation: CreationMethod.Provisional);
        var gate = new GatedProvisionalCreate(h.Ic.ManagementCanisterFor(OrchestratorHarness.Self));
        var o = await h.OpenAsync(management: gate);

        var createEmpty = o.PoolAdminAsync(new PoolAdminCommand.CreateEmpty());
        await gate.Entered.Task.WaitAsync(Timeout);
        await o.CheckOnceAsync().WaitAsync(Timeout); // the intent is committed and its call in flight
        gate.Release.SetResult();
        await createEmpty.WaitAsync(Timeout);
        await o.RunToQuiescenceAsync();

        Assert.That(h.Ic.CallCount(IcMethod.ProvisionalCreateCanisterWithCycles), Is.EqualTo(1), "one intent, one paid call");
        Assert.That(h.Ic.Snapshot().Canisters.Count(c => !c.Deleted), Is.EqualTo(1));
        await h.AssertInvariantsAsync(o);
    }

    /// <summary>Holds the first provisional create until released, so a test can act while it is in flight.</summary>
    private sealed class GatedProvisionalCreate(IManagementCanister inner) : IManagementCanister
    {
        private int _calls;
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Principal Caller => inner.Caller;
        public async Task<CanisterIdRecord> ProvisionalCreateCanisterWithCyclesAsync(ProvisionalCreateCanisterWithCyclesArgs args, CancellationToken ct = default)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                Entered.SetResult();
                await Release.Task.WaitAsync(ct);
            }
            return await inner.ProvisionalCreateCanisterWithCyclesAsync(args, ct);
        }
        public Task UpdateSettingsAsync(UpdateSettingsArgs args, CancellationToken ct = default) => inner.UpdateSettingsAsync(args, ct);
        public Task<CanisterStatusResult> CanisterStatusAsync(CanisterIdRecord args, CancellationToken ct = default) => inner.CanisterStatusAsync(args, ct);
        public Task InstallCodeAsync(InstallCodeArgs args, CancellationToken ct = default) => inner.InstallCodeAsync(args, ct);
        public Task UninstallCodeAsync(UninstallCodeArgs args, CancellationToken ct = default) => inner.UninstallCodeAsync(args, ct);
        public Task StopCanisterAsync(CanisterIdRecord args, CancellationToken ct = default) => inner.StopCanisterAsync(args, ct);
        public Task StartCanisterAsync(CanisterIdRecord args, CancellationToken ct = default) => inner.StartCanisterAsync(args, ct);
        public Task DeleteCanisterAsync(CanisterIdRecord args, CancellationToken ct = default) => inner.DeleteCanisterAsync(args, ct);
    }
}
