using Microsoft.Extensions.Time.Testing;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;
using Microsoft.Data.Sqlite;

namespace Canic.Fsm.Ic.Simulation.Tests;

public class SimulatedIcFileTests
{
    private static readonly Principal Orchestrator = Principal.FromBytes([0xAA, 0x01]);
    private string _directory = null!;
    private string _path = null!;
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Directory.CreateTempSubdirectory("simulated-ic-").FullName;
        _path = Path.Combine(_directory, "ic.db");
        _clock = new FakeTimeProvider(SimulatedIcTestBase.Start);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task Reopening_the_file_restores_canisters_balances_counters_and_deduplication()
    {
        var at = IcTime.ToNanoseconds(_clock.GetUtcNow());
        var sub = Enumerable.Repeat((byte)3, 32).ToArray();
        var createArgs = new CreateCanisterArgs(Cycles.Parse("5T"), at,
            CreationArgs: new(new CanisterSettings { Controllers = [Orchestrator, Principal.Anonymous], LogVisibility = new LogVisibility.AllowedViewers([Principal.Anonymous]) }));
        string before;
        Principal created, deleted;
        using (var sim = SimulatedIc.OpenFile(_path, time: _clock))
        {
            sim.Mint(new Account(Orchestrator), Cycles.Parse("50T"));
            sim.Mint(new Account(Orchestrator, sub), Cycles.Parse("1T"));
            var management = sim.ManagementCanisterFor(Orchestrator);
            created = ((CreateCanisterResult.Ok)await sim.CyclesLedgerFor(Orchestrator).CreateCanisterAsync(createArgs)).Value.CanisterId;
            await management.InstallCodeAsync(new(new CanisterInstallMode.Install(), created, [0, 0x61, 0x73, 0x6d, 1]));
            await management.UpdateSettingsAsync(new(created, new CanisterSettings { FreezingThreshold = 99 }));
            sim.SetMemorySize(created, 123_456);
            deleted = (await management.ProvisionalCreateCanisterWithCyclesAsync(new(Cycles.Parse("2T")))).CanisterId;
            await management.StopCanisterAsync(new(deleted));
            await management.DeleteCanisterAsync(new(deleted));
            before = Describe(sim.Snapshot());
        }

        using var reopened = SimulatedIc.OpenFile(_path, time: _clock);
        var ledger = reopened.CyclesLedgerFor(Orchestrator);

        Assert.That(Describe(reopened.Snapshot()), Is.EqualTo(before));
        Assert.That(reopened.Snapshot().CyclesConserved, Is.True);
        var duplicate = (CreateCanisterError.Duplicate)((CreateCanisterResult.Err)await ledger.CreateCanisterAsync(createArgs)).Error;
        Assert.That(duplicate.CanisterId, Is.EqualTo(created));
        var status = await reopened.ManagementCanisterFor(Orchestrator).CanisterStatusAsync(new(created));
        Assert.That(status.Settings.FreezingThreshold, Is.EqualTo(99));
        Assert.That(status.Settings.LogVisibility, Is.TypeOf<LogVisibility.AllowedViewers>());
        var next = await reopened.ManagementCanisterFor(Orchestrator).ProvisionalCreateCanisterWithCyclesAsync(new());
        Assert.That(next.CanisterId, Is.Not.EqualTo(created).And.Not.EqualTo(deleted), "ids are never reused after a restart");
        Assert.That(await ledger.BalanceAsync(new Account(Orchestrator, sub)), Is.EqualTo(Cycles.Parse("1T")));
    }

    [Test]
    public void The_file_uses_wal()
    {
        using (SimulatedIc.OpenFile(_path)) { }

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.That(command.ExecuteScalar(), Is.EqualTo("wal"));
    }

    [Test]
    public void A_file_from_a_newer_version_is_refused_and_left_unchanged()
    {
        using (var connection = Open()) Execute(connection, "PRAGMA user_version = 99;");

        Assert.That(() => SimulatedIc.OpenFile(_path),
            Throws.InvalidOperationException.With.Message.Contains(_path).And.Message.Contains("version 99"));
        using var check = Open();
        using var command = check.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        Assert.That(command.ExecuteScalar(), Is.EqualTo(99));
    }

    [Test]
    public async Task A_corrupt_row_is_reported_naming_it()
    {
        Principal id;
        using (var sim = SimulatedIc.OpenFile(_path))
            id = (await sim.ManagementCanisterFor(Orchestrator).ProvisionalCreateCanisterWithCyclesAsync(new())).CanisterId;
        using (var connection = Open()) Execute(connection, "UPDATE canisters SET status = 'zombie';");

        Assert.That(() => SimulatedIc.OpenFile(_path),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains(id.ToString()).And.Message.Contains("zombie"));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Describe(SimulatedIcSnapshot s) => string.Join("\n",
        s.Canisters.Select(c => $"{c.Id} [{string.Join(",", c.Controllers)}] {c.Cycles} {Convert.ToHexString(c.ModuleHash ?? [])} {c.Status} {c.Deleted} {c.MemorySize} {c.DiscardedCycles}")
            .Concat(s.Balances.OrderBy(b => b.Key.ToString()).Select(b => $"{b.Key} {b.Value}"))
            .Append($"{s.Minted} {s.FeesBurned} {s.Discarded}"));
}
