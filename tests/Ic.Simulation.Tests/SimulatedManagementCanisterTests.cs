using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Ic.Simulation.Tests;

public class SimulatedManagementCanisterTests : SimulatedIcTestBase
{
    [Test]
    public async Task Provisional_create_allocates_ids_from_the_subnet_range_controlled_by_the_caller()
    {
        var first = (await Management.ProvisionalCreateCanisterWithCyclesAsync(new())).CanisterId;
        var second = await CreateCanisterAsync("2.5T");

        Assert.That(first.ToString(), Is.EqualTo("rwlgt-iiaaa-aaaaa-aaaaa-cai"));
        Assert.That(second.ToString(), Is.EqualTo("rrkah-fqaaa-aaaaa-aaaaq-cai"));
        var status = await StatusAsync(second);
        Assert.That(status.Settings.Controllers, Is.EqualTo(new[] { Orchestrator }));
        Assert.That(status.Cycles, Is.EqualTo(Cycles.Parse("2.5T")));
        Assert.That(status.Status, Is.EqualTo(CanisterStatus.Running));
        Assert.That(status.ModuleHash, Is.Null);
        Assert.That((await StatusAsync(first)).Cycles, Is.EqualTo(Cycles.Parse("100T")), "amount = null gives the default balance");
    }

    [Test]
    public async Task Provisional_create_honours_a_specified_id_and_refuses_a_taken_one()
    {
        var wanted = Principal.Parse("ovkpl-jaaaa-aaaaa-aaaap-77yba-e");

        var created = await Management.ProvisionalCreateCanisterWithCyclesAsync(new(SpecifiedId: wanted));
        var reject = await RejectOf(() => Management.ProvisionalCreateCanisterWithCyclesAsync(new(SpecifiedId: wanted)));

        Assert.That(created.CanisterId, Is.EqualTo(wanted));
        Assert.That(reject.ErrorCode, Is.EqualTo("IC0205"));
        Assert.That(Sim.Snapshot().Canisters, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Provisional_create_is_rejected_outside_a_development_network()
    {
        using var mainnet = new SimulatedIc(new SimulatedIcOptions { DevelopmentNetwork = false });

        var reject = await RejectOf(() => mainnet.ManagementCanisterFor(Orchestrator).ProvisionalCreateCanisterWithCyclesAsync(new()));

        Assert.That(reject.Code, Is.EqualTo(RejectCode.CanisterReject));
        Assert.That(reject.Method, Is.EqualTo("provisional_create_canister_with_cycles"));
        Assert.That(mainnet.Snapshot().Canisters, Is.Empty);
    }

    private static IEnumerable<TestCaseData> EveryManagementCall()
    {
        yield return Case("canister_status", (m, id) => m.CanisterStatusAsync(new(id)));
        yield return Case("update_settings", (m, id) => m.UpdateSettingsAsync(new(id, new CanisterSettings { Controllers = [m.Caller] })));
        yield return Case("install_code", (m, id) => m.InstallCodeAsync(new(new CanisterInstallMode.Reinstall(), id, [1, 2, 3])));
        yield return Case("uninstall_code", (m, id) => m.UninstallCodeAsync(new(id)));
        yield return Case("stop_canister", (m, id) => m.StopCanisterAsync(new(id)));
        yield return Case("start_canister", (m, id) => m.StartCanisterAsync(new(id)));
        yield return Case("delete_canister", (m, id) => m.DeleteCanisterAsync(new(id)));

        static TestCaseData Case(string method, Func<IManagementCanister, Principal, Task> call) =>
            new TestCaseData(method, call).SetName($"{{m}}({method})");
    }

    [TestCaseSource(nameof(EveryManagementCall))]
    public async Task A_non_controller_is_rejected_with_code_5_and_changes_nothing(string method, Func<IManagementCanister, Principal, Task> call)
    {
        var id = await CreateCanisterAsync();
        await Management.InstallCodeAsync(new(new CanisterInstallMode.Install(), id, Module(100)));
        await Management.StopCanisterAsync(new(id));
        var before = Describe(Sim.Canister(id)!);

        var reject = await RejectOf(() => call(Sim.ManagementCanisterFor(Stranger), id));

        Assert.That(reject.Code, Is.EqualTo(RejectCode.CanisterError));
        Assert.That(reject.ErrorCode, Is.EqualTo("IC0512"));
        Assert.That(reject.Method, Is.EqualTo(method));
        Assert.That(reject.Message, Does.Contain(id.ToString()));
        Assert.That(Describe(Sim.Canister(id)!), Is.EqualTo(before));
    }

    [TestCaseSource(nameof(EveryManagementCall))]
    public async Task An_unknown_canister_is_an_invalid_destination(string method, Func<IManagementCanister, Principal, Task> call)
    {
        var reject = await RejectOf(() => call(Management, Principal.Parse("rwlgt-iiaaa-aaaaa-aaaaa-cai")));

        Assert.That(reject.Code, Is.EqualTo(RejectCode.DestinationInvalid));
        Assert.That(reject.ErrorCode, Is.EqualTo("IC0301"));
    }

    [Test]
    public async Task Install_sets_the_module_hash_and_a_second_install_is_refused()
    {
        var id = await CreateCanisterAsync();
        var module = Module(1000);

        await Management.InstallCodeAsync(new(new CanisterInstallMode.Install(), id, module));
        var reject = await RejectOf(() => Management.InstallCodeAsync(new(new CanisterInstallMode.Install(), id, Module(2000, 0x62))));

        var status = await StatusAsync(id);
        Assert.That(status.ModuleHash, Is.EqualTo(HashOf(module)));
        Assert.That(status.MemorySize, Is.EqualTo(1000));
        Assert.That(reject.Code, Is.EqualTo(RejectCode.CanisterError));
        Assert.That(reject.ErrorCode, Is.EqualTo("IC0538"));
    }

    [Test]
    public async Task Reinstall_replaces_any_module_and_upgrade_needs_one()
    {
        var id = await CreateCanisterAsync();

        var upgradeEmpty = await RejectOf(() => Management.InstallCodeAsync(new(new CanisterInstallMode.Upgrade(), id, Module(10))));
        await Management.InstallCodeAsync(new(new CanisterInstallMode.Reinstall(), id, Module(10)));
        await Management.InstallCodeAsync(new(new CanisterInstallMode.Reinstall(), id, Module(20, 0x62)));

        Assert.That(upgradeEmpty.ErrorCode, Is.EqualTo("IC0537"));
        Assert.That((await StatusAsync(id)).ModuleHash, Is.EqualTo(HashOf(Module(20, 0x62))));
    }

    [Test]
    public async Task Upgrade_keeps_the_data_memory_and_reinstall_wipes_it()
    {
        var id = await CreateCanisterAsync();
        await Management.InstallCodeAsync(new(new CanisterInstallMode.Install(), id, Module(100)));
        Sim.SetMemorySize(id, 5_000);

        await Management.InstallCodeAsync(new(new CanisterInstallMode.Upgrade(), id, Module(300, 0x62)));
        var upgraded = await StatusAsync(id);
        await Management.InstallCodeAsync(new(new CanisterInstallMode.Reinstall(), id, Module(300, 0x63)));

        Assert.That(upgraded.MemorySize, Is.EqualTo(5_200), "4,900 bytes of data kept plus the new 300-byte module");
        Assert.That(upgraded.ModuleHash, Is.EqualTo(HashOf(Module(300, 0x62))));
        Assert.That((await StatusAsync(id)).MemorySize, Is.EqualTo(300));
    }

    [Test]
    public async Task An_empty_module_is_refused()
    {
        var id = await CreateCanisterAsync();

        var reject = await RejectOf(() => Management.InstallCodeAsync(new(new CanisterInstallMode.Install(), id, [])));

        Assert.That(reject.ErrorCode, Is.EqualTo("IC0505"));
        Assert.That((await StatusAsync(id)).ModuleHash, Is.Null);
    }

    [Test]
    public async Task Uninstall_empties_the_canister_but_keeps_cycles_and_controllers()
    {
        var id = await CreateCanisterAsync("3T");
        await Management.UpdateSettingsAsync(new(id, new CanisterSettings { Controllers = [Orchestrator, Stranger] }));
        await Management.InstallCodeAsync(new(new CanisterInstallMode.Install(), id, Module(100)));

        await Management.UninstallCodeAsync(new(id));
        await Management.UninstallCodeAsync(new(id));

        var status = await StatusAsync(id);
        Assert.That(status.ModuleHash, Is.Null);
        Assert.That(status.MemorySize, Is.Zero);
        Assert.That(status.Cycles, Is.EqualTo(Cycles.Parse("3T")));
        Assert.That(status.Settings.Controllers, Is.EquivalentTo(new[] { Orchestrator, Stranger }));
        await Management.InstallCodeAsync(new(new CanisterInstallMode.Install(), id, Module(100)));
    }

    [Test]
    public async Task Stop_and_start_switch_the_status_idempotently()
    {
        var id = await CreateCanisterAsync();

        await Management.StopCanisterAsync(new(id));
        await Management.StopCanisterAsync(new(id));
        var stopped = (await StatusAsync(id)).Status;
        await Management.StartCanisterAsync(new(id));

        Assert.That(stopped, Is.EqualTo(CanisterStatus.Stopped));
        Assert.That((await StatusAsync(id)).Status, Is.EqualTo(CanisterStatus.Running));
    }

    [Test]
    public async Task Deleting_a_running_canister_is_refused_and_keeps_it()
    {
        var id = await CreateCanisterAsync("4T");

        var reject = await RejectOf(() => Management.DeleteCanisterAsync(new(id)));

        Assert.That(reject.Code, Is.EqualTo(RejectCode.CanisterError));
        Assert.That(reject.ErrorCode, Is.EqualTo("IC0510"));
        Assert.That((await StatusAsync(id)).Cycles, Is.EqualTo(Cycles.Parse("4T")));
    }

    [Test]
    public async Task Deleting_a_stopped_canister_discards_its_cycles_and_later_calls_find_no_canister()
    {
        var id = await CreateCanisterAsync("4T");
        await Management.StopCanisterAsync(new(id));

        await Management.DeleteCanisterAsync(new(id));
        var again = await RejectOf(() => Management.DeleteCanisterAsync(new(id)));
        var status = await RejectOf(() => StatusAsync(id));

        Assert.That(again.Code, Is.EqualTo(RejectCode.DestinationInvalid));
        Assert.That(status.Code, Is.EqualTo(RejectCode.DestinationInvalid));
        var snapshot = Sim.Snapshot();
        var deleted = snapshot.Canisters.Single();
        Assert.That(deleted.Deleted, Is.True);
        Assert.That(deleted.Cycles, Is.EqualTo(Cycles.Zero));
        Assert.That(deleted.DiscardedCycles, Is.EqualTo(Cycles.Parse("4T")));
        Assert.That(snapshot.Discarded, Is.EqualTo(Cycles.Parse("4T")));
        Assert.That(snapshot.CyclesConserved, Is.True);
    }

    [Test]
    public async Task Update_settings_sets_given_fields_keeps_omitted_ones_and_stores_controllers_as_a_set()
    {
        var id = await CreateCanisterAsync();
        await Management.UpdateSettingsAsync(new(id, new CanisterSettings { FreezingThreshold = 7, LogVisibility = new LogVisibility.Public() }));

        await Management.UpdateSettingsAsync(new(id, new CanisterSettings { Controllers = [Stranger, Orchestrator, Stranger] }));

        var settings = (await Sim.ManagementCanisterFor(Stranger).CanisterStatusAsync(new(id))).Settings;
        Assert.That(settings.Controllers, Is.EqualTo(new[] { Orchestrator, Stranger }), "deduplicated and ordered by bytes");
        Assert.That(settings.FreezingThreshold, Is.EqualTo(7));
        Assert.That(settings.LogVisibility, Is.EqualTo(new LogVisibility.Public()));
    }

    [Test]
    public async Task More_than_ten_controllers_are_refused_and_the_settings_stay()
    {
        var id = await CreateCanisterAsync();
        var eleven = Enumerable.Range(1, 11).Select(i => Principal.FromBytes([(byte)i])).ToArray();

        var reject = await RejectOf(() => Management.UpdateSettingsAsync(new(id, new CanisterSettings { Controllers = eleven })));
        await Management.UpdateSettingsAsync(new(id, new CanisterSettings { Controllers = [.. eleven[..9], Orchestrator] }));

        Assert.That(reject.Code, Is.EqualTo(RejectCode.CanisterError));
        Assert.That(reject.Message, Does.Contain("11 controllers"));
        Assert.That((await StatusAsync(id)).Settings.Controllers, Has.Count.EqualTo(10));
    }

    [Test]
    public async Task A_caller_that_removed_itself_loses_control()
    {
        var id = await CreateCanisterAsync();

        await Management.UpdateSettingsAsync(new(id, new CanisterSettings { Controllers = [Stranger] }));
        var reject = await RejectOf(() => StatusAsync(id));

        Assert.That(reject.ErrorCode, Is.EqualTo("IC0512"));
        Assert.That(Sim.Canister(id)!.Controllers, Is.EqualTo(new[] { Stranger }));
    }

    [Test]
    public async Task Memory_size_hook_simulates_growth_and_refuses_unknown_canisters()
    {
        var id = await CreateCanisterAsync();

        Sim.SetMemorySize(id, 3UL << 30);

        Assert.That((await StatusAsync(id)).MemorySize, Is.EqualTo(3UL << 30));
        Assert.That(() => Sim.SetMemorySize(Stranger, 1), Throws.ArgumentException.With.Message.Contains(Stranger.ToString()));
    }

    private static string Describe(CanisterSnapshot c) =>
        $"{c.Id} [{string.Join(",", c.Controllers)}] {c.Cycles} {Convert.ToHexString(c.ModuleHash ?? [])} {c.Status} {c.Deleted} {c.MemorySize}";
}
