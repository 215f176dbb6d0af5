using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Tests.Support;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

/// <summary>
/// The orchestrator must not serialize what the IC runs in parallel: with many attempts in flight, every IC call on an
/// attempt's path (the ledger's create_canister, update_settings, install_code) is outstanding for all of them at once.
/// Each call is held at a barrier that opens only when every attempt has made that call: a lock, a single writer that
/// holds calls, or a limit on calls in flight anywhere on the path leaves the barrier closed and the attempts unfinished.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class ConcurrentIcCallsTests
{
    private const int Attempts = 64;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Every_call_on_the_path_of_concurrent_attempts_is_in_flight_for_all_of_them_at_once()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0, maximumSize: 1000, budget: Cycles.Parse("500T"));
        var barrier = new CallBarrier(Attempts);
        var o = await h.OpenAsync(management: new BarrierManagement(h.Ic.ManagementCanisterFor(OrchestratorHarness.Self), barrier),
            ledger: new BarrierLedger(h.Ic.CyclesLedgerFor(OrchestratorHarness.Self), barrier));

        var ids = await Task.WhenAll(Enumerable.Range(0, Attempts).Select(_ => Task.Run(() => o.ProvisionAsync("app"))));
        Api.AttemptView[] done;
        try
        {
            done = await Task.WhenAll(ids.Select(id => o.WaitForAttemptAsync(id))).WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            barrier.OpenAll(); // let the held calls finish so the orchestrator can stop
            Assert.Fail($"the attempts did not finish: calls that reached each barrier of {Attempts}: {barrier.Describe()}");
            return;
        }

        Assert.Multiple(() =>
        {
            Assert.That(done.Select(a => a.State), Is.All.EqualTo("Committed"));
            foreach (var method in CallBarrier.Path)
                Assert.That(barrier.Entered(method), Is.EqualTo(Attempts), $"{method} calls");
        });
        await h.AssertInvariantsAsync(o);
    }

    /// <summary>Holds each call of a method until <c>count</c> calls of it are waiting, then lets them all through.</summary>
    private sealed class CallBarrier(int count)
    {
        public static readonly string[] Path = ["create_canister", "update_settings", "install_code"];
        private readonly Dictionary<string, (int Entered, TaskCompletionSource Open)> _methods =
            Path.ToDictionary(m => m, _ => (0, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));

        public async Task<T> Around<T>(string method, Func<Task<T>> call)
        {
            Task open;
            lock (_methods)
            {
                var (entered, gate) = _methods[method];
                _methods[method] = (++entered, gate);
                if (entered == count) gate.TrySetResult();
                open = gate.Task;
            }
            await open;
            return await call();
        }

        public Task Around(string method, Func<Task> call) => Around(method, async () => { await call(); return true; });

        public int Entered(string method)
        {
            lock (_methods) return _methods[method].Entered;
        }

        public void OpenAll()
        {
            lock (_methods) foreach (var (_, gate) in _methods.Values) gate.TrySetResult();
        }

        public string Describe()
        {
            lock (_methods) return string.Join(", ", _methods.Select(m => $"{m.Key} {m.Value.Entered}"));
        }
    }

    private sealed class BarrierManagement(IManagementCanister inner, CallBarrier barrier) : ForwardingManagementCanister(inner)
    {
        public override Task UpdateSettingsAsync(UpdateSettingsArgs args, CancellationToken ct = default) => barrier.Around("update_settings", () => Inner.UpdateSettingsAsync(args, ct));
        public override Task InstallCodeAsync(InstallCodeArgs args, CancellationToken ct = default) => barrier.Around("install_code", () => Inner.InstallCodeAsync(args, ct));
    }

    private sealed class BarrierLedger(ICyclesLedger inner, CallBarrier barrier) : ICyclesLedger
    {
        public Principal Caller => inner.Caller;
        public Task<CreateCanisterResult> CreateCanisterAsync(CreateCanisterArgs args, CancellationToken ct = default) =>
            barrier.Around("create_canister", () => inner.CreateCanisterAsync(args, ct));
        public Task<WithdrawResult> WithdrawAsync(WithdrawArgs args, CancellationToken ct = default) => inner.WithdrawAsync(args, ct);
        public Task<Cycles> BalanceAsync(Account account, CancellationToken ct = default) => inner.BalanceAsync(account, ct);
    }
}
