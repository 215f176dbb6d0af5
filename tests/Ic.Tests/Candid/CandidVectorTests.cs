using Canic.Fsm.Ic.Candid;
using Canic.Fsm.Ic.Clients;
using T = Canic.Fsm.Ic.Candid.CandidType;
using V = Canic.Fsm.Ic.Candid.CandidValue;

namespace Canic.Fsm.Ic.Tests.Candid;

/// <summary>Byte-exact against the agent-js (@icp-sdk/core 6.1.0) vectors.</summary>
public class CandidVectorTests
{
    private static readonly Principal Rrkah = Principal.Parse("rrkah-fqaaa-aaaaa-aaaaq-cai");
    private static readonly Principal Ed25519Principal = Principal.Parse("e73il-iz5tp-nkgt7-idxyw-ngkah-47bpv-qdase-pzde6-g6vwc-a3eql-jae");

    [Test]
    public void Every_field_hash_matches()
    {
        var lines = File.ReadAllLines(Vectors.Path("agent_js_vectors.txt")).Where(l => l.StartsWith("hash(", StringComparison.Ordinal)).ToList();
        Assert.That(lines, Has.Count.GreaterThan(30));
        foreach (var line in lines)
        {
            var name = line[5..line.IndexOf(')', StringComparison.Ordinal)];
            var expected = uint.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(IdlHash.Of(name), Is.EqualTo(expected), name);
        }
    }

    [Test]
    public void Canister_id_arguments_match() =>
        Assert.That(Convert.ToHexStringLower(ManagementCandid.Encode(new CanisterIdRecord(Rrkah))),
            Is.EqualTo(Vectors.AgentJs("canister_status_args FULL")).And.EqualTo(Vectors.AgentJs("delete_canister_args FULL")));

    [Test]
    public void Uninstall_code_arguments_match() =>
        Assert.That(Convert.ToHexStringLower(ManagementCandid.Encode(new UninstallCodeArgs(Rrkah))), Is.EqualTo(Vectors.AgentJs("uninstall_code_args FULL")));

    [Test]
    public void Install_code_arguments_match()
    {
        byte[] wasm = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
        byte[] arg = [0x44, 0x49, 0x44, 0x4c, 0x00, 0x00];
        Assert.That(Convert.ToHexStringLower(ManagementCandid.Encode(new InstallCodeArgs(new CanisterInstallMode.Install(), Rrkah, wasm, arg))),
            Is.EqualTo(Vectors.AgentJs("install_code_args FULL (mode=install")));
        Assert.That(Convert.ToHexStringLower(ManagementCandid.Encode(new InstallCodeArgs(new CanisterInstallMode.Upgrade(), Rrkah, wasm, arg))),
            Is.EqualTo(Vectors.AgentJs("install_code_args FULL mode=upgrade(null)")));
    }

    [Test]
    public void Update_settings_arguments_match()
    {
        var args = new UpdateSettingsArgs(Rrkah, new CanisterSettings { Controllers = [Principal.ManagementCanister, Ed25519Principal] });
        Assert.That(Convert.ToHexStringLower(ManagementCandid.Encode(args)), Is.EqualTo(Vectors.AgentJs("update_settings_args FULL")));
    }

    [Test]
    public void Provisional_create_arguments_match()
    {
        var args = new ProvisionalCreateCanisterWithCyclesArgs(Cycles.Parse("1T"), new CanisterSettings { Controllers = [Principal.ManagementCanister] });
        Assert.That(Convert.ToHexStringLower(ManagementCandid.Encode(args)), Is.EqualTo(Vectors.AgentJs("provisional_create_canister_with_cycles_args FULL")));
    }

    [Test]
    public void Minimal_types_are_registered_children_first_like_agent_js()
    {
        var minimal = T.Record(("settings", T.Opt(T.Record(("controllers", T.Opt(T.Vec(T.Principal)))))));
        var value = V.Record(("settings", V.Some(V.Record(("controllers", V.Some(new VecValue([new PrincipalValue(Principal.ManagementCanister)])))))));
        Assert.That(Convert.ToHexStringLower(CandidEncoder.Encode((minimal, value))), Is.EqualTo(Vectors.AgentJs("create_canister_args MINIMAL type")));
        Assert.That(Convert.ToHexStringLower(CandidEncoder.Encode((T.Record(), V.Record()))), Is.EqualTo(Vectors.AgentJs("create_canister_args EMPTY")));
        Assert.That(Convert.ToHexStringLower(CandidEncoder.Encode()), Is.EqualTo(Vectors.AgentJs("empty reply ()")));
    }

    [Test]
    public void A_minimal_install_decodes_at_the_full_type()
    {
        var decoded = ManagementCandid.DecodeInstallCodeArgs(Vectors.AgentJsHex("install_code_args MINIMAL-1"));
        Assert.That(decoded.Mode, Is.InstanceOf<CanisterInstallMode.Install>());
        Assert.That(decoded.CanisterId, Is.EqualTo(Rrkah));
        Assert.That(Convert.ToHexStringLower(decoded.WasmModule), Is.EqualTo("0061736d01000000"));
        Assert.That(decoded.SenderCanisterVersion, Is.Null);
    }

    [Test]
    public void The_canister_status_reply_decodes_skipping_unknown_fields()
    {
        var status = ManagementCandid.DecodeCanisterStatusResult(Vectors.AgentJsHex("canister status reply bytes".Replace(" status", "_status", StringComparison.Ordinal)));
        Assert.Multiple(() =>
        {
            Assert.That(status.Status, Is.EqualTo(CanisterStatus.Running));
            Assert.That(status.MemorySize, Is.EqualTo(123456UL));
            Assert.That(status.Cycles, Is.EqualTo(new Cycles(2999999000000)));
            Assert.That(status.IdleCyclesBurnedPerDay, Is.EqualTo(new Cycles(12345)));
            Assert.That(status.ReservedCycles, Is.EqualTo(Cycles.Zero));
            Assert.That(status.Settings.Controllers, Is.EqualTo(new[] { Principal.ManagementCanister, Ed25519Principal }));
            Assert.That(status.Settings.FreezingThreshold, Is.EqualTo(2592000UL));
            Assert.That(status.Settings.ReservedCyclesLimit, Is.EqualTo(Cycles.Parse("5T")));
            Assert.That(status.Settings.WasmMemoryLimit, Is.EqualTo(3221225472UL));
            Assert.That(status.Settings.LogVisibility, Is.InstanceOf<LogVisibility.Controllers>());
            Assert.That(Convert.ToHexStringLower(status.ModuleHash!), Is.EqualTo("93a44bbb96c751218e4c00d479e4c14358122a389acca16205b1e4d0dc5f9476"));
        });
        var stopped = ManagementCandid.DecodeCanisterStatusResult(Vectors.AgentJsHex("variant: status=stopped"));
        Assert.That(stopped.Status, Is.EqualTo(CanisterStatus.Stopped));
        Assert.That(stopped.ModuleHash, Is.Null);
    }

    [Test]
    public void Our_full_status_encoding_decodes_back()
    {
        var original = ManagementCandid.DecodeCanisterStatusResult(Vectors.AgentJsHex("canister_status reply bytes"));
        var again = ManagementCandid.DecodeCanisterStatusResult(ManagementCandid.EncodeCanisterStatusResult(original));
        Assert.That(again.Settings.Controllers, Is.EqualTo(original.Settings.Controllers));
        Assert.That(again with { Settings = original.Settings, ModuleHash = original.ModuleHash }, Is.EqualTo(original));
        Assert.That(again.ModuleHash, Is.EqualTo(original.ModuleHash));
    }
}
