using Canic.Fsm.Ic.Candid;
using static Canic.Fsm.Ic.Candid.CandidConvert;
using T = Canic.Fsm.Ic.Candid.CandidType;
using V = Canic.Fsm.Ic.Candid.CandidValue;

namespace Canic.Fsm.Ic.Clients;

/// <summary>
/// The cycles ledger's Candid (<c>cycles-ledger.did</c>) for <c>create_canister</c>, <c>withdraw</c> and
/// <c>icrc1_balance_of</c>, both directions. Error variants are decoded strictly: an error case this client does
/// not know is a <see cref="CandidException"/>, which the client turns into an unknown outcome (never a failure).
/// </summary>
internal static class CyclesLedgerCandid
{
    public static readonly T AccountType = T.Record(("owner", T.Principal), ("subaccount", T.Opt(T.Blob)));

    private static readonly T LedgerSettings = T.Record(
        ("controllers", T.Opt(T.Vec(T.Principal))), ("compute_allocation", T.Opt(T.Nat)), ("memory_allocation", T.Opt(T.Nat)),
        ("freezing_threshold", T.Opt(T.Nat)), ("reserved_cycles_limit", T.Opt(T.Nat)), ("wasm_memory_limit", T.Opt(T.Nat)),
        ("wasm_memory_threshold", T.Opt(T.Nat)), ("log_visibility", T.Opt(ManagementCandid.LogVisibilityType)),
        ("environment_variables", T.Opt(T.Vec(ManagementCandid.EnvironmentVariable))));

    private static readonly T SubnetSelectionType = T.Variant(
        ("Subnet", T.Record(("subnet", T.Principal))), ("Filter", T.Record(("subnet_type", T.Opt(T.Text)))));

    public static readonly T CreateCanisterArgsType = T.Record(
        ("from_subaccount", T.Opt(T.Blob)), ("created_at_time", T.Opt(T.Nat64)), ("amount", T.Nat),
        ("creation_args", T.Opt(T.Record(("settings", T.Opt(LedgerSettings)), ("subnet_selection", T.Opt(SubnetSelectionType))))));

    public static readonly T CreateCanisterErrorType = T.Variant(
        ("InsufficientFunds", T.Record(("balance", T.Nat))),
        ("TooOld", T.Null),
        ("CreatedInFuture", T.Record(("ledger_time", T.Nat64))),
        ("TemporarilyUnavailable", T.Null),
        ("Duplicate", T.Record(("duplicate_of", T.Nat), ("canister_id", T.Opt(T.Principal)))),
        ("FailedToCreate", T.Record(("fee_block", T.Opt(T.Nat)), ("refund_block", T.Opt(T.Nat)), ("error", T.Text))),
        ("GenericError", T.Record(("message", T.Text), ("error_code", T.Nat))));

    public static readonly T CreateCanisterResultType = T.Variant(
        ("Ok", T.Record(("block_id", T.Nat), ("canister_id", T.Principal))), ("Err", CreateCanisterErrorType));

    public static readonly T WithdrawArgsType = T.Record(
        ("amount", T.Nat), ("from_subaccount", T.Opt(T.Blob)), ("to", T.Principal), ("created_at_time", T.Opt(T.Nat64)));

    private static readonly string[] RejectionCodes = ["NoError", "SysFatal", "SysTransient", "DestinationInvalid", "CanisterReject", "CanisterError", "Unknown"];

    public static readonly T WithdrawErrorType = T.Variant(
        ("GenericError", T.Record(("message", T.Text), ("error_code", T.Nat))),
        ("TemporarilyUnavailable", T.Null),
        ("FailedToWithdraw", T.Record(("fee_block", T.Opt(T.Nat)), ("rejection_code", T.Variant(RejectionCodes.Select(c => (c, T.Null)).ToArray())), ("rejection_reason", T.Text))),
        ("Duplicate", T.Record(("duplicate_of", T.Nat))),
        ("BadFee", T.Record(("expected_fee", T.Nat))),
        ("InvalidReceiver", T.Record(("receiver", T.Principal))),
        ("CreatedInFuture", T.Record(("ledger_time", T.Nat64))),
        ("TooOld", T.Null),
        ("InsufficientFunds", T.Record(("balance", T.Nat))));

    public static readonly T WithdrawResultType = T.Variant(("Ok", T.Nat), ("Err", WithdrawErrorType));

    // ---- encode (client) ----

    public static byte[] Encode(Account account) => CandidEncoder.Encode((AccountType, AccountValue(account)));

    private static V AccountValue(Account account) => V.Record(
        ("owner", Principal(account.Owner)),
        ("subaccount", account.IsDefaultSubaccount ? V.None : V.Some(Blob(account.Subaccount))));

    public static byte[] Encode(CreateCanisterArgs args) => CandidEncoder.Encode((CreateCanisterArgsType, V.Record(
        ("from_subaccount", Opt(args.FromSubaccount, s => Blob(s))),
        ("created_at_time", Opt(args.CreatedAtTime, Nat64)),
        ("amount", Nat(args.Amount)),
        ("creation_args", Opt(args.CreationArgs, c => V.Record(
            ("settings", Opt(c.Settings, ManagementCandid.Settings)),
            ("subnet_selection", Opt(c.SubnetSelection, Selection))))))));

    private static V Selection(SubnetSelection selection) => selection switch
    {
        SubnetSelection.Subnet s => V.Variant("Subnet", V.Record(("subnet", Principal(s.SubnetId)))),
        SubnetSelection.Filter f => V.Variant("Filter", V.Record(("subnet_type", Opt(f.SubnetType, t => Text(t))))),
        _ => throw new ArgumentOutOfRangeException(nameof(selection), selection, "Unknown subnet selection."),
    };

    public static byte[] Encode(WithdrawArgs args) => CandidEncoder.Encode((WithdrawArgsType, V.Record(
        ("amount", Nat(args.Amount)),
        ("from_subaccount", Opt(args.FromSubaccount, s => Blob(s))),
        ("to", Principal(args.To)),
        ("created_at_time", Opt(args.CreatedAtTime, Nat64)))));

    // ---- decode (client) ----

    public static Cycles DecodeBalance(byte[] reply) => ToCycles(CandidDecoder.DecodeOne(reply, T.Nat));

    public static CreateCanisterResult DecodeCreateCanisterResult(byte[] reply)
    {
        var result = ToVariant(CandidDecoder.DecodeOne(reply, CreateCanisterResultType));
        if (result.Is("Ok"))
        {
            var ok = ToRecord(result.Value);
            return new CreateCanisterResult.Ok(new CreateCanisterSuccess(ToUInt64(ok["block_id"]), ToPrincipal(ok["canister_id"])));
        }
        var error = ToVariant(result.Value);
        var r = error.Value as RecordValue;
        CreateCanisterError decoded =
            error.Is("InsufficientFunds") ? new CreateCanisterError.InsufficientFunds(ToCycles(r!["balance"]))
            : error.Is("TooOld") ? new CreateCanisterError.TooOld()
            : error.Is("CreatedInFuture") ? new CreateCanisterError.CreatedInFuture(ToUInt64(r!["ledger_time"]))
            : error.Is("TemporarilyUnavailable") ? new CreateCanisterError.TemporarilyUnavailable()
            : error.Is("Duplicate") ? new CreateCanisterError.Duplicate(ToUInt64(r!["duplicate_of"]), FromOpt(r["canister_id"]) is { } id ? ToPrincipal(id) : null)
            : error.Is("FailedToCreate") ? new CreateCanisterError.FailedToCreate(OptU64(r!["fee_block"]), OptU64(r["refund_block"]), ToText(r["error"]))
            : new CreateCanisterError.GenericError(ToUInt64(r!["error_code"]), ToText(r["message"]));
        return new CreateCanisterResult.Err(decoded);
    }

    public static WithdrawResult DecodeWithdrawResult(byte[] reply)
    {
        var result = ToVariant(CandidDecoder.DecodeOne(reply, WithdrawResultType));
        if (result.Is("Ok")) return new WithdrawResult.Ok(ToUInt64(result.Value));
        var error = ToVariant(result.Value);
        var r = error.Value as RecordValue;
        WithdrawError decoded =
            error.Is("InsufficientFunds") ? new WithdrawError.InsufficientFunds(ToCycles(r!["balance"]))
            : error.Is("TooOld") ? new WithdrawError.TooOld()
            : error.Is("CreatedInFuture") ? new WithdrawError.CreatedInFuture(ToUInt64(r!["ledger_time"]))
            : error.Is("TemporarilyUnavailable") ? new WithdrawError.TemporarilyUnavailable()
            : error.Is("Duplicate") ? new WithdrawError.Duplicate(ToUInt64(r!["duplicate_of"]))
            : error.Is("BadFee") ? new WithdrawError.BadFee(ToCycles(r!["expected_fee"]))
            : error.Is("InvalidReceiver") ? new WithdrawError.InvalidReceiver(ToPrincipal(r!["receiver"]))
            : error.Is("FailedToWithdraw") ? new WithdrawError.FailedToWithdraw(OptU64(r!["fee_block"]), RejectionCode(ToVariant(r["rejection_code"])), ToText(r["rejection_reason"]))
            : new WithdrawError.GenericError(ToUInt64(r!["error_code"]), ToText(r["message"]));
        return new WithdrawResult.Err(decoded);
    }

    private static ulong? OptU64(CandidValue value) => FromOpt(value) is { } v ? ToUInt64(v) : null;

    // The ledger's RejectionCode cases in the order of the IC's reject codes 0-5; its "Unknown" is SYS_UNKNOWN (6).
    private static RejectCode RejectionCode(VariantValue code) => (RejectCode)Array.FindIndex(RejectionCodes, c => code.Is(c));

    // ---- the test ledger's side ----

    public static Account DecodeAccount(byte[] arg)
    {
        var r = ToRecord(CandidDecoder.DecodeOne(arg, AccountType));
        return new Account(ToPrincipal(r["owner"]), FromOpt(r["subaccount"]) is { } s ? ToBytes(s) : null);
    }

    public static byte[] EncodeBalance(Cycles balance) => CandidEncoder.Encode((T.Nat, Nat(balance)));

    public static CreateCanisterArgs DecodeCreateCanisterArgs(byte[] arg)
    {
        var r = ToRecord(CandidDecoder.DecodeOne(arg, CreateCanisterArgsType));
        CmcCreateCanisterArgs? creation = null;
        if (FromOpt(r["creation_args"]) is { } c)
        {
            var cr = ToRecord(c);
            SubnetSelection? selection = null;
            if (FromOpt(cr["subnet_selection"]) is { } sel)
            {
                var v = ToVariant(sel);
                selection = v.Is("Subnet")
                    ? new SubnetSelection.Subnet(ToPrincipal(ToRecord(v.Value)["subnet"]))
                    : new SubnetSelection.Filter(FromOpt(ToRecord(v.Value)["subnet_type"]) is { } t ? ToText(t) : null);
            }
            creation = new CmcCreateCanisterArgs(FromOpt(cr["settings"]) is { } st ? ManagementCandid.ReadSettings(ToRecord(st)) : null, selection);
        }
        return new CreateCanisterArgs(ToCycles(r["amount"]), OptU64(r["created_at_time"]),
            FromOpt(r["from_subaccount"]) is { } s ? ToBytes(s) : null, creation);
    }

    public static WithdrawArgs DecodeWithdrawArgs(byte[] arg)
    {
        var r = ToRecord(CandidDecoder.DecodeOne(arg, WithdrawArgsType));
        return new WithdrawArgs(ToCycles(r["amount"]), ToPrincipal(r["to"]), OptU64(r["created_at_time"]),
            FromOpt(r["from_subaccount"]) is { } s ? ToBytes(s) : null);
    }

    public static byte[] EncodeCreateCanisterResult(CreateCanisterResult result) => CandidEncoder.Encode((CreateCanisterResultType, result switch
    {
        CreateCanisterResult.Ok ok => V.Variant("Ok", V.Record(("block_id", Nat(ok.Value.BlockId)), ("canister_id", Principal(ok.Value.CanisterId)))),
        CreateCanisterResult.Err { Error: var e } => V.Variant("Err", e switch
        {
            CreateCanisterError.InsufficientFunds x => V.Variant("InsufficientFunds", V.Record(("balance", Nat(x.Balance)))),
            CreateCanisterError.TooOld => V.Variant("TooOld"),
            CreateCanisterError.CreatedInFuture x => V.Variant("CreatedInFuture", V.Record(("ledger_time", Nat64(x.LedgerTime)))),
            CreateCanisterError.TemporarilyUnavailable => V.Variant("TemporarilyUnavailable"),
            CreateCanisterError.Duplicate x => V.Variant("Duplicate", V.Record(("duplicate_of", Nat(x.DuplicateOf)), ("canister_id", Opt(x.CanisterId, p => Principal(p))))),
            CreateCanisterError.FailedToCreate x => V.Variant("FailedToCreate", V.Record(("fee_block", Opt(x.FeeBlock, Nat)), ("refund_block", Opt(x.RefundBlock, Nat)), ("error", Text(x.Error)))),
            CreateCanisterError.GenericError x => V.Variant("GenericError", V.Record(("message", Text(x.Message)), ("error_code", Nat(x.ErrorCode)))),
            _ => throw new ArgumentOutOfRangeException(nameof(result)),
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    }));

    public static byte[] EncodeWithdrawResult(WithdrawResult result) => CandidEncoder.Encode((WithdrawResultType, result switch
    {
        WithdrawResult.Ok ok => V.Variant("Ok", Nat(ok.BlockIndex)),
        WithdrawResult.Err { Error: var e } => V.Variant("Err", e switch
        {
            WithdrawError.InsufficientFunds x => V.Variant("InsufficientFunds", V.Record(("balance", Nat(x.Balance)))),
            WithdrawError.TooOld => V.Variant("TooOld"),
            WithdrawError.CreatedInFuture x => V.Variant("CreatedInFuture", V.Record(("ledger_time", Nat64(x.LedgerTime)))),
            WithdrawError.TemporarilyUnavailable => V.Variant("TemporarilyUnavailable"),
            WithdrawError.Duplicate x => V.Variant("Duplicate", V.Record(("duplicate_of", Nat(x.DuplicateOf)))),
            WithdrawError.BadFee x => V.Variant("BadFee", V.Record(("expected_fee", Nat(x.ExpectedFee)))),
            WithdrawError.InvalidReceiver x => V.Variant("InvalidReceiver", V.Record(("receiver", Principal(x.Receiver)))),
            WithdrawError.FailedToWithdraw x => V.Variant("FailedToWithdraw", V.Record(("fee_block", Opt(x.FeeBlock, Nat)),
                ("rejection_code", V.Variant(x.RejectionCode == RejectCode.SysUnknown ? "Unknown" : RejectionCodes[(int)x.RejectionCode])),
                ("rejection_reason", Text(x.RejectionReason)))),
            WithdrawError.GenericError x => V.Variant("GenericError", V.Record(("message", Text(x.Message)), ("error_code", Nat(x.ErrorCode)))),
            _ => throw new ArgumentOutOfRangeException(nameof(result)),
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    }));
}
