using Canic.Fsm.Ic.Candid;
using static Canic.Fsm.Ic.Candid.CandidConvert;
using T = Canic.Fsm.Ic.Candid.CandidType;
using V = Canic.Fsm.Ic.Candid.CandidValue;

namespace Canic.Fsm.Ic.Clients;

/// <summary>
/// The management canister's Candid (<c>ic.did</c>): argument types as the interface declares them in full
/// (so the bytes equal agent-js's), result types as minimal as the orchestrator needs (so fields the IC adds
/// are skipped, and fields an older replica lacks are <c>opt</c>), and the conversions to the port records.
/// Both directions exist because the in-process test replica speaks the same interface.
/// </summary>
internal static class ManagementCandid
{
    public static readonly T LogVisibilityType = T.Variant(("controllers", T.Null), ("public", T.Null), ("allowed_viewers", T.Vec(T.Principal)));

    public static readonly T EnvironmentVariable = T.Record(("name", T.Text), ("value", T.Text));

    public static readonly T CanisterSettingsType = T.Record(
        ("controllers", T.Opt(T.Vec(T.Principal))),
        ("compute_allocation", T.Opt(T.Nat)),
        ("memory_allocation", T.Opt(T.Nat)),
        ("freezing_threshold", T.Opt(T.Nat)),
        ("reserved_cycles_limit", T.Opt(T.Nat)),
        ("log_visibility", T.Opt(LogVisibilityType)),
        ("wasm_memory_limit", T.Opt(T.Nat)),
        ("wasm_memory_threshold", T.Opt(T.Nat)),
        ("environment_variables", T.Opt(T.Vec(EnvironmentVariable))));

    public static readonly T CanisterIdRecordType = T.Record(("canister_id", T.Principal));

    public static readonly T UpdateSettingsArgsType = T.Record(
        ("canister_id", T.Principal), ("settings", CanisterSettingsType), ("sender_canister_version", T.Opt(T.Nat64)));

    public static readonly T InstallModeType = T.Variant(
        ("install", T.Null),
        ("reinstall", T.Null),
        ("upgrade", T.Opt(T.Record(
            ("skip_pre_upgrade", T.Opt(T.Bool)),
            ("wasm_memory_persistence", T.Opt(T.Variant(("keep", T.Null), ("replace", T.Null))))))));

    public static readonly T InstallCodeArgsType = T.Record(
        ("mode", InstallModeType), ("canister_id", T.Principal), ("wasm_module", T.Blob), ("arg", T.Blob),
        ("sender_canister_version", T.Opt(T.Nat64)));

    public static readonly T UninstallCodeArgsType = T.Record(("canister_id", T.Principal), ("sender_canister_version", T.Opt(T.Nat64)));

    public static readonly T ProvisionalCreateArgsType = T.Record(
        ("amount", T.Opt(T.Nat)), ("settings", T.Opt(CanisterSettingsType)), ("specified_id", T.Opt(T.Principal)),
        ("sender_canister_version", T.Opt(T.Nat64)));

    private static readonly T StatusVariant = T.Variant(("running", T.Null), ("stopping", T.Null), ("stopped", T.Null));

    /// <summary>What we read of <c>canister_status_result</c>. Fields added after 2023 are <c>opt</c> so an older replica still decodes.</summary>
    public static readonly T CanisterStatusResultType = T.Record(
        ("status", StatusVariant),
        ("settings", T.Record(
            ("controllers", T.Vec(T.Principal)),
            ("compute_allocation", T.Nat),
            ("memory_allocation", T.Nat),
            ("freezing_threshold", T.Nat),
            ("reserved_cycles_limit", T.Opt(T.Nat)),
            ("log_visibility", T.Opt(LogVisibilityType)),
            ("wasm_memory_limit", T.Opt(T.Nat)))),
        ("module_hash", T.Opt(T.Blob)),
        ("memory_size", T.Nat),
        ("cycles", T.Nat),
        ("reserved_cycles", T.Opt(T.Nat)),
        ("idle_cycles_burned_per_day", T.Opt(T.Nat)));

    /// <summary>The full <c>canister_status_result</c> of <c>ic.did</c>, as a replica writes it.</summary>
    public static readonly T CanisterStatusResultFullType = T.Record(
        ("status", StatusVariant),
        ("ready_for_migration", T.Bool),
        ("version", T.Nat64),
        ("settings", T.Record(
            ("controllers", T.Vec(T.Principal)), ("compute_allocation", T.Nat), ("memory_allocation", T.Nat),
            ("freezing_threshold", T.Nat), ("reserved_cycles_limit", T.Nat), ("log_visibility", LogVisibilityType),
            ("wasm_memory_limit", T.Nat), ("wasm_memory_threshold", T.Nat), ("environment_variables", T.Vec(EnvironmentVariable)))),
        ("module_hash", T.Opt(T.Blob)),
        ("memory_size", T.Nat),
        ("memory_metrics", T.Record(
            ("wasm_memory_size", T.Nat), ("stable_memory_size", T.Nat), ("global_memory_size", T.Nat), ("wasm_binary_size", T.Nat),
            ("custom_sections_size", T.Nat), ("canister_history_size", T.Nat), ("wasm_chunk_store_size", T.Nat), ("snapshots_size", T.Nat))),
        ("cycles", T.Nat),
        ("reserved_cycles", T.Nat),
        ("idle_cycles_burned_per_day", T.Nat),
        ("query_stats", T.Record(
            ("num_calls_total", T.Nat), ("num_instructions_total", T.Nat), ("request_payload_bytes_total", T.Nat),
            ("response_payload_bytes_total", T.Nat))));

    public static readonly T[] EmptyResult = [];

    // ---- arguments: encode (client) ----

    public static byte[] Encode(CanisterIdRecord args) => CandidEncoder.Encode((CanisterIdRecordType, CanisterId(args.CanisterId)));

    public static byte[] Encode(UpdateSettingsArgs args) => CandidEncoder.Encode((UpdateSettingsArgsType, V.Record(
        ("canister_id", Principal(args.CanisterId)),
        ("settings", Settings(args.Settings)),
        ("sender_canister_version", Opt(args.SenderCanisterVersion, Nat64)))));

    public static byte[] Encode(InstallCodeArgs args) => CandidEncoder.Encode((InstallCodeArgsType, V.Record(
        ("mode", Mode(args.Mode)),
        ("canister_id", Principal(args.CanisterId)),
        ("wasm_module", Blob(args.WasmModule)),
        ("arg", Blob(args.Arg ?? [])),
        ("sender_canister_version", Opt(args.SenderCanisterVersion, Nat64)))));

    public static byte[] Encode(UninstallCodeArgs args) => CandidEncoder.Encode((UninstallCodeArgsType, V.Record(
        ("canister_id", Principal(args.CanisterId)),
        ("sender_canister_version", Opt(args.SenderCanisterVersion, Nat64)))));

    public static byte[] Encode(ProvisionalCreateCanisterWithCyclesArgs args) => CandidEncoder.Encode((ProvisionalCreateArgsType, V.Record(
        ("amount", Opt(args.Amount, Nat)),
        ("settings", Opt(args.Settings, Settings)),
        ("specified_id", Opt(args.SpecifiedId, p => Principal(p))),
        ("sender_canister_version", Opt(args.SenderCanisterVersion, Nat64)))));

    private static V CanisterId(Principal id) => V.Record(("canister_id", Principal(id)));

    public static V Settings(CanisterSettings settings) => V.Record(
        ("controllers", Opt(settings.Controllers, c => Vec(c, p => Principal(p)))),
        ("compute_allocation", Opt(settings.ComputeAllocation, Nat)),
        ("memory_allocation", Opt(settings.MemoryAllocation, Nat)),
        ("freezing_threshold", Opt(settings.FreezingThreshold, Nat)),
        ("reserved_cycles_limit", Opt(settings.ReservedCyclesLimit, Nat)),
        ("log_visibility", Opt(settings.LogVisibility, LogVisibilityValue)),
        ("wasm_memory_limit", Opt(settings.WasmMemoryLimit, Nat)));

    public static V LogVisibilityValue(LogVisibility visibility) => visibility switch
    {
        LogVisibility.Controllers => V.Variant("controllers"),
        LogVisibility.Public => V.Variant("public"),
        LogVisibility.AllowedViewers a => V.Variant("allowed_viewers", Vec(a.Viewers, p => Principal(p))),
        _ => throw new ArgumentOutOfRangeException(nameof(visibility), visibility, "Unknown log visibility."),
    };

    private static V Mode(CanisterInstallMode mode) => mode switch
    {
        CanisterInstallMode.Install => V.Variant("install"),
        CanisterInstallMode.Reinstall => V.Variant("reinstall"),
        CanisterInstallMode.Upgrade { SkipPreUpgrade: null, WasmMemoryPersistence: null } => V.Variant("upgrade", V.None),
        CanisterInstallMode.Upgrade u => V.Variant("upgrade", V.Some(V.Record(
            ("skip_pre_upgrade", Opt(u.SkipPreUpgrade, b => new BoolValue(b))),
            ("wasm_memory_persistence", Opt(u.WasmMemoryPersistence, p => V.Variant(p == WasmMemoryPersistence.Keep ? "keep" : "replace")))))),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown install mode."),
    };

    // ---- arguments: decode (the test replica) ----

    public static CanisterIdRecord DecodeCanisterIdRecord(byte[] arg) =>
        new(ToPrincipal(ToRecord(CandidDecoder.DecodeOne(arg, CanisterIdRecordType))["canister_id"]));

    public static UpdateSettingsArgs DecodeUpdateSettingsArgs(byte[] arg)
    {
        var r = ToRecord(CandidDecoder.DecodeOne(arg, UpdateSettingsArgsType));
        return new UpdateSettingsArgs(ToPrincipal(r["canister_id"]), ReadSettings(ToRecord(r["settings"])),
            FromOpt(r["sender_canister_version"]) is { } v ? ToUInt64(v) : null);
    }

    public static InstallCodeArgs DecodeInstallCodeArgs(byte[] arg)
    {
        var r = ToRecord(CandidDecoder.DecodeOne(arg, InstallCodeArgsType));
        var mode = ToVariant(r["mode"]);
        CanisterInstallMode installMode = mode.Is("install") ? new CanisterInstallMode.Install()
            : mode.Is("reinstall") ? new CanisterInstallMode.Reinstall()
            : FromOpt(mode.Value) is { } flags
                ? new CanisterInstallMode.Upgrade(
                    FromOpt(ToRecord(flags)["skip_pre_upgrade"]) is BoolValue b ? b.Value : null,
                    FromOpt(ToRecord(flags)["wasm_memory_persistence"]) is VariantValue p ? (p.Is("keep") ? WasmMemoryPersistence.Keep : WasmMemoryPersistence.Replace) : null)
                : new CanisterInstallMode.Upgrade();
        return new InstallCodeArgs(installMode, ToPrincipal(r["canister_id"]), ToBytes(r["wasm_module"]), ToBytes(r["arg"]),
            FromOpt(r["sender_canister_version"]) is { } v ? ToUInt64(v) : null);
    }

    public static UninstallCodeArgs DecodeUninstallCodeArgs(byte[] arg)
    {
        var r = ToRecord(CandidDecoder.DecodeOne(arg, UninstallCodeArgsType));
        return new UninstallCodeArgs(ToPrincipal(r["canister_id"]), FromOpt(r["sender_canister_version"]) is { } v ? ToUInt64(v) : null);
    }

    public static ProvisionalCreateCanisterWithCyclesArgs DecodeProvisionalCreateArgs(byte[] arg)
    {
        var r = ToRecord(CandidDecoder.DecodeOne(arg, ProvisionalCreateArgsType));
        return new ProvisionalCreateCanisterWithCyclesArgs(
            FromOpt(r["amount"]) is { } amount ? ToCycles(amount) : null,
            FromOpt(r["settings"]) is { } settings ? ReadSettings(ToRecord(settings)) : null,
            FromOpt(r["specified_id"]) is { } id ? ToPrincipal(id) : null,
            FromOpt(r["sender_canister_version"]) is { } v ? ToUInt64(v) : null);
    }

    public static CanisterSettings ReadSettings(RecordValue r) => new()
    {
        Controllers = FromOpt(r["controllers"]) is { } c ? ToItems(c).Select(ToPrincipal).ToArray() : null,
        ComputeAllocation = FromOpt(r["compute_allocation"]) is { } ca ? ToUInt64(ca) : null,
        MemoryAllocation = FromOpt(r["memory_allocation"]) is { } ma ? ToUInt64(ma) : null,
        FreezingThreshold = FromOpt(r["freezing_threshold"]) is { } ft ? ToUInt64(ft) : null,
        ReservedCyclesLimit = FromOpt(r["reserved_cycles_limit"]) is { } rcl ? ToCycles(rcl) : null,
        LogVisibility = FromOpt(r["log_visibility"]) is { } lv ? ReadLogVisibility(lv) : null,
        WasmMemoryLimit = FromOpt(r["wasm_memory_limit"]) is { } wml ? ToUInt64(wml) : null,
    };

    public static LogVisibility ReadLogVisibility(CandidValue value)
    {
        var v = ToVariant(value);
        return v.Is("controllers") ? new LogVisibility.Controllers()
            : v.Is("public") ? new LogVisibility.Public()
            : new LogVisibility.AllowedViewers(ToItems(v.Value).Select(ToPrincipal).ToArray());
    }

    // ---- results ----

    public static CanisterIdRecord DecodeCanisterIdResult(byte[] reply) => DecodeCanisterIdRecord(reply);

    public static void DecodeEmptyResult(byte[] reply) => CandidDecoder.Decode(reply, EmptyResult);

    public static byte[] EncodeEmptyResult() => CandidEncoder.Encode();

    public static CanisterStatusResult DecodeCanisterStatusResult(byte[] reply)
    {
        var r = ToRecord(CandidDecoder.DecodeOne(reply, CanisterStatusResultType));
        var s = ToRecord(r["settings"]);
        var status = ToVariant(r["status"]);
        return new CanisterStatusResult(
            status.Is("running") ? CanisterStatus.Running : status.Is("stopping") ? CanisterStatus.Stopping : CanisterStatus.Stopped,
            new DefiniteCanisterSettings(
                ToItems(s["controllers"]).Select(ToPrincipal).ToArray(),
                ToUInt64(s["compute_allocation"]),
                ToUInt64(s["memory_allocation"]),
                ToUInt64(s["freezing_threshold"]),
                FromOpt(s["reserved_cycles_limit"]) is { } rcl ? ToCycles(rcl) : Cycles.Zero,
                // A log_visibility case this client does not know (or an old replica without the field) reads
                // as the IC's default; the orchestrator never relies on it.
                FromOpt(s["log_visibility"]) is { } lv ? ReadLogVisibility(lv) : new LogVisibility.Controllers(),
                FromOpt(s["wasm_memory_limit"]) is { } wml ? ToUInt64(wml) : 0),
            FromOpt(r["module_hash"]) is { } hash ? ToBytes(hash) : null,
            ToUInt64(r["memory_size"]),
            ToCycles(r["cycles"]),
            FromOpt(r["reserved_cycles"]) is { } rc ? ToCycles(rc) : Cycles.Zero,
            FromOpt(r["idle_cycles_burned_per_day"]) is { } idle ? ToCycles(idle) : Cycles.Zero);
    }

    /// <summary>Encodes a status as a current replica does (full <c>ic.did</c> type; unknown metrics are zero).</summary>
    public static byte[] EncodeCanisterStatusResult(CanisterStatusResult status) => CandidEncoder.Encode((CanisterStatusResultFullType, V.Record(
        ("status", V.Variant(status.Status switch { CanisterStatus.Running => "running", CanisterStatus.Stopping => "stopping", _ => "stopped" })),
        ("ready_for_migration", new BoolValue(false)),
        ("version", Nat64(0)),
        ("settings", V.Record(
            ("controllers", Vec(status.Settings.Controllers, p => Principal(p))),
            ("compute_allocation", Nat(status.Settings.ComputeAllocation)),
            ("memory_allocation", Nat(status.Settings.MemoryAllocation)),
            ("freezing_threshold", Nat(status.Settings.FreezingThreshold)),
            ("reserved_cycles_limit", Nat(status.Settings.ReservedCyclesLimit)),
            ("log_visibility", LogVisibilityValue(status.Settings.LogVisibility)),
            ("wasm_memory_limit", Nat(status.Settings.WasmMemoryLimit)),
            ("wasm_memory_threshold", Nat(0)),
            ("environment_variables", new VecValue([])))),
        ("module_hash", Opt(status.ModuleHash, h => Blob(h))),
        ("memory_size", Nat(status.MemorySize)),
        ("memory_metrics", V.Record(
            ("wasm_memory_size", Nat(0)), ("stable_memory_size", Nat(0)), ("global_memory_size", Nat(0)), ("wasm_binary_size", Nat(0)),
            ("custom_sections_size", Nat(0)), ("canister_history_size", Nat(0)), ("wasm_chunk_store_size", Nat(0)), ("snapshots_size", Nat(0)))),
        ("cycles", Nat(status.Cycles)),
        ("reserved_cycles", Nat(status.ReservedCycles)),
        ("idle_cycles_burned_per_day", Nat(status.IdleCyclesBurnedPerDay)),
        ("query_stats", V.Record(
            ("num_calls_total", Nat(0)), ("num_instructions_total", Nat(0)), ("request_payload_bytes_total", Nat(0)),
            ("response_payload_bytes_total", Nat(0)))))));

    public static byte[] EncodeCanisterIdResult(CanisterIdRecord record) => Encode(record);
}
