using System.Security.Cryptography;
using Canic.Fsm.Ic.Identity;

namespace Canic.Fsm.Ic.Tests.Contract;

/// <summary>
/// The behaviour every <see cref="IManagementCanister"/> must show, whatever is behind it: the simulated IC, or
/// the HTTP client talking to a replica. A derived fixture supplies a fresh network per test and the port as a
/// given identity; each test uses two callers, Alice and Bob.
/// </summary>
public abstract class ManagementCanisterContract
{
    protected static readonly Ed25519Identity Alice = Ed25519Identity.FromSeed(Enumerable.Repeat((byte)0xA1, 32).ToArray());
    protected static readonly Ed25519Identity Bob = Ed25519Identity.FromSeed(Enumerable.Repeat((byte)0xB0, 32).ToArray());
    private static readonly byte[] Wasm = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x2a];

    /// <summary>Starts a fresh network for one test.</summary>
    protected abstract Task StartNetworkAsync();

    /// <summary>Stops it.</summary>
    protected abstract Task StopNetworkAsync();

    /// <summary>The management canister as <paramref name="identity"/> calls it.</summary>
    protected abstract IManagementCanister For(Ed25519Identity identity);

    [SetUp]
    public Task SetUpNetwork() => StartNetworkAsync();

    [TearDown]
    public Task TearDownNetwork() => StopNetworkAsync();

    private async Task<Principal> CreateAsync(IManagementCanister ic, CanisterSettings? settings = null) =>
        (await ic.ProvisionalCreateCanisterWithCyclesAsync(new ProvisionalCreateCanisterWithCyclesArgs(Cycles.Parse("3T"), settings))).CanisterId;

    [Test]
    public async Task A_created_canister_runs_empty_with_its_cycles_and_the_caller_as_controller()
    {
        var ic = For(Alice);
        var id = await CreateAsync(ic);
        var status = await ic.CanisterStatusAsync(new CanisterIdRecord(id));
        Assert.Multiple(() =>
        {
            Assert.That(ic.Caller, Is.EqualTo(Alice.Sender));
            Assert.That(status.Status, Is.EqualTo(CanisterStatus.Running));
            Assert.That(status.ModuleHash, Is.Null);
            Assert.That(status.Cycles, Is.EqualTo(Cycles.Parse("3T")));
            Assert.That(status.Settings.Controllers, Is.EquivalentTo(new[] { Alice.Sender }));
        });
    }

    [Test]
    public async Task Install_sets_the_module_hash_a_second_install_is_rejected_and_uninstall_empties()
    {
        var ic = For(Alice);
        var id = await CreateAsync(ic);
        await ic.InstallCodeAsync(new InstallCodeArgs(new CanisterInstallMode.Install(), id, Wasm));
        Assert.That((await ic.CanisterStatusAsync(new CanisterIdRecord(id))).ModuleHash, Is.EqualTo(SHA256.HashData(Wasm)));

        var again = Assert.ThrowsAsync<IcRejectException>(() => ic.InstallCodeAsync(new InstallCodeArgs(new CanisterInstallMode.Install(), id, Wasm)))!;
        Assert.That(again.Code, Is.EqualTo(RejectCode.CanisterError));
        Assert.That(again.ErrorCode, Is.EqualTo("IC0538"));
        Assert.That(again.Method, Is.EqualTo("install_code"));

        await ic.InstallCodeAsync(new InstallCodeArgs(new CanisterInstallMode.Reinstall(), id, Wasm, [1, 2]));
        await ic.UninstallCodeAsync(new UninstallCodeArgs(id));
        Assert.That((await ic.CanisterStatusAsync(new CanisterIdRecord(id))).ModuleHash, Is.Null);
    }

    [Test]
    public async Task Stop_start_and_delete_follow_the_lifecycle()
    {
        var ic = For(Alice);
        var id = await CreateAsync(ic);
        var running = Assert.ThrowsAsync<IcRejectException>(() => ic.DeleteCanisterAsync(new CanisterIdRecord(id)))!;
        Assert.That(running.ErrorCode, Is.EqualTo("IC0510"));
        await ic.StopCanisterAsync(new CanisterIdRecord(id));
        Assert.That((await ic.CanisterStatusAsync(new CanisterIdRecord(id))).Status, Is.EqualTo(CanisterStatus.Stopped));
        await ic.StartCanisterAsync(new CanisterIdRecord(id));
        Assert.That((await ic.CanisterStatusAsync(new CanisterIdRecord(id))).Status, Is.EqualTo(CanisterStatus.Running));
        await ic.StopCanisterAsync(new CanisterIdRecord(id));
        await ic.DeleteCanisterAsync(new CanisterIdRecord(id));
        var gone = Assert.ThrowsAsync<IcRejectException>(() => ic.CanisterStatusAsync(new CanisterIdRecord(id)))!;
        Assert.That(gone.Code, Is.EqualTo(RejectCode.DestinationInvalid));
    }

    [Test]
    public async Task Only_controllers_may_call_and_update_settings_changes_who_they_are()
    {
        var alice = For(Alice);
        var bob = For(Bob);
        var id = await CreateAsync(alice);
        var refused = Assert.ThrowsAsync<IcRejectException>(() => bob.CanisterStatusAsync(new CanisterIdRecord(id)))!;
        Assert.That(refused.Code, Is.EqualTo(RejectCode.CanisterError));
        Assert.That(refused.ErrorCode, Is.EqualTo("IC0512"));

        await alice.UpdateSettingsAsync(new UpdateSettingsArgs(id, new CanisterSettings { Controllers = [Alice.Sender, Bob.Sender], FreezingThreshold = 86_400 }));
        var status = await bob.CanisterStatusAsync(new CanisterIdRecord(id));
        Assert.That(status.Settings.Controllers, Is.EquivalentTo(new[] { Alice.Sender, Bob.Sender }));
        Assert.That(status.Settings.FreezingThreshold, Is.EqualTo(86_400UL));
    }

    [Test]
    public async Task A_canister_created_for_others_is_theirs()
    {
        var alice = For(Alice);
        var id = await CreateAsync(alice, new CanisterSettings { Controllers = [Bob.Sender] });
        Assert.ThrowsAsync<IcRejectException>(() => alice.StopCanisterAsync(new CanisterIdRecord(id)));
        Assert.That((await For(Bob).CanisterStatusAsync(new CanisterIdRecord(id))).Settings.Controllers, Is.EquivalentTo(new[] { Bob.Sender }));
    }

    [Test]
    public void An_unknown_canister_is_rejected_as_destination_invalid()
    {
        var unknown = Principal.Parse("rrkah-fqaaa-aaaaa-aaaaq-cai");
        var error = Assert.ThrowsAsync<IcRejectException>(() => For(Alice).CanisterStatusAsync(new CanisterIdRecord(unknown)))!;
        Assert.That(error.Code, Is.EqualTo(RejectCode.DestinationInvalid));
        Assert.That(error.ErrorCode, Is.EqualTo("IC0301"));
    }

    [Test]
    public async Task A_specified_id_is_created_once()
    {
        var ic = For(Alice);
        var specified = Principal.FromBytes([0, 0, 0, 0, 0, 0x0f, 0, 1, 1, 1]);
        Assert.That((await ic.ProvisionalCreateCanisterWithCyclesAsync(new ProvisionalCreateCanisterWithCyclesArgs(SpecifiedId: specified))).CanisterId, Is.EqualTo(specified));
        Assert.ThrowsAsync<IcRejectException>(() => ic.ProvisionalCreateCanisterWithCyclesAsync(new ProvisionalCreateCanisterWithCyclesArgs(SpecifiedId: specified)));
    }
}
