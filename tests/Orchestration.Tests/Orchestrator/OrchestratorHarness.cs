using Canic.Fsm.Tests.Shared;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;
using Canic.Fsm.Orchestration.Runtime;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

/// <summary>
/// An orchestrator over a fresh SimulatedIc (zero latency) and a fresh database file, with the
/// periodic check off: tests drive checks and await quiescence, they never sleep.
/// </summary>
internal sealed class OrchestratorHarness : IAsyncDisposable
{
    public static readonly Principal Self = Principal.FromBytes([0x0a, 0x01]);
    public static readonly Cycles CanisterCycles = Cycles.Parse("1T");
    /// <summary>What the orchestrator's ledger account holds at the start.</summary>
    public static readonly Cycles Minted = Cycles.Parse("1000T");
    public static readonly byte[] AppModule = [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x42];

    private readonly string _directory = Directory.CreateTempSubdirectory("canic-orch-").FullName;

    public OrchestratorHarness(int minimumSize = 2, int maximumSize = 6, Cycles? budget = null, global::Canic.Fsm.Orchestration.Configuration.ScalingSettings? scaling = null,
        CreationMethod creation = CreationMethod.Ledger, int maxAttempts = 3, IReadOnlyList<Principal>? poolControllers = null)
    {
        Ic = new SimulatedIc(new SimulatedIcOptions { DevelopmentNetwork = true });
        Ic.Mint(new Account(Self), Minted);
        Config = new OrchestratorConfig([], new PoolConfig(minimumSize, maximumSize, CanisterCycles, TimeSpan.FromHours(1), poolControllers), creation,
            Ic.Options.CanisterCreationFee,
            new Dictionary<string, RoleConfig>
            {
                ["app"] = new("app", AppModule, CanisterCycles, [], budget ?? Cycles.Parse("100T")),
                ["nomodule"] = new("nomodule", null, CanisterCycles, [], Cycles.Parse("100T")),
                ["solo"] = new("solo", AppModule, CanisterCycles, [], Cycles.Parse("100T"), Singleton: true),
            },
            // No delay between retries: the tests do not wait (the backoff itself is tested on a fake clock).
            scaling, new global::Canic.Fsm.Orchestration.Configuration.RetrySettings(maxAttempts, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMinutes(10)));
    }

    public SimulatedIc Ic { get; }
    public OrchestratorConfig Config { get; }
    public string DatabasePath => Path.Combine(_directory, "orchestrator.db");
    public Orchestration.Orchestrator? Current { get; private set; }

    public async Task<Orchestration.Orchestrator> OpenAsync(ICommitObserver? observer = null, IManagementCanister? management = null, ICyclesLedger? ledger = null,
        TimeProvider? time = null)
    {
        Current = await Orchestration.Orchestrator.OpenWithConfigAsync(Config, DatabasePath, management ?? Ic.ManagementCanisterFor(Self),
            ledger ?? Ic.CyclesLedgerFor(Self), new OrchestratorServices { TimeProvider = time }, CancellationToken.None, observer, runPeriodicCheck: false);
        return Current;
    }

    /// <summary>The money invariants every scenario must end with, and every pool row mirrored by its own machine.</summary>
    public async Task AssertInvariantsAsync(Orchestration.Orchestrator o)
    {
        await AssertMachinesMirrorRowsAsync(o);
        Assert.Multiple(() => AssertMoneyInvariants(o));
    }

    /// <summary>
    /// One live pool canister machine per pool row, in the state that mirrors the row. Notifications are
    /// asynchronous: waits (bounded) until every machine has handled what was queued, then compares.
    /// </summary>
    public static async Task AssertMachinesMirrorRowsAsync(Orchestration.Orchestrator o)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<string> mismatches;
        do
        {
            await o.WhenPoolMachinesProcessedAsync().WaitAsync(TimeSpan.FromSeconds(10));
            var rows = o.ListPoolEntries(null, 0, 1000).Items;
            mismatches = rows.Where(e => e.Machine != Expected(e)).Select(e => $"{e.Pid}: row {Expected(e)}, machine {e.Machine ?? "(none)"}").ToList();
            if (o.PoolMachines.Count != rows.Count) mismatches.Add($"{o.PoolMachines.Count} machines for {rows.Count} rows");
        } while (mismatches.Count > 0 && DateTime.UtcNow < deadline);
        Assert.That(mismatches, Is.Empty, "pool canister machines that do not mirror their row");
    }

    private static string Expected(global::Canic.Fsm.Orchestration.Api.PoolEntryView e) => e.Status switch
    {
        "Failed" => $"Failed({e.Reason})",
        "Claimed" or "Workload" => $"{e.Status}({e.Operation})",
        _ => e.Status,
    };

    private void AssertMoneyInvariants(Orchestration.Orchestrator o)
    {
        var store = o.Parts.Store;
        var tracked = store.Read(r =>
        {
            var pool = new HashSet<Principal>();
            PoolCanisterCursor(r, pool);
            return pool;
        });
        var (blockedWithoutPid, registry) = store.Read(r => (0, 0));
        var created = Ic.Snapshot().Canisters.Where(c => !c.Deleted).Select(c => c.Id).ToList();
        var untracked = created.Where(pid => !tracked.Contains(pid) && store.Read(r => r.Registry.Get(pid)) is null).ToList();
        var blocked = o.ListCreations("Blocked", 0, 1000).Items.Count(c => c.Pid is null);
        Assert.That(untracked.Count, Is.LessThanOrEqualTo(blocked),
            $"canisters on the IC tracked nowhere: {string.Join(", ", untracked)} (blocked creation records without id: {blocked})");
        foreach (var budget in o.ListBudgets())
        {
            var balance = store.Read(r => r.Reservations.Check(budget.Id));
            Assert.That(balance.IsConsistent, Is.True, $"budget {budget.Id}: {balance}");
        }
        var active = store.Read(r => r.Attempts.ListActive());
        Assert.That(active.Where(a => a.State != AttemptState.Blocked).Select(a => $"{a.Id}:{a.State}"), Is.Empty, "attempts left unfinished");
        var open = store.Read(r => r.Reservations.ListOpen());
        var blockedIds = active.Select(a => a.Id).ToHashSet();
        Assert.That(open.Where(r => !blockedIds.Contains(r.AttemptId)).Select(r => r.AttemptId), Is.Empty, "open reservations of finished attempts");
    }

    private static void PoolCanisterCursor(global::Canic.Fsm.Orchestration.Store.StoreReader r, HashSet<Principal> into)
    {
        global::Canic.Fsm.Orchestration.Store.PoolCursor? cursor = null;
        do
        {
            var page = r.Pool.Page(null, cursor, 1000);
            foreach (var e in page.Items) into.Add(e.Pid);
            cursor = page.Next;
        } while (cursor is not null);
    }

    public async ValueTask DisposeAsync()
    {
        if (Current is not null) await Current.StopAsync();
        Ic.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
