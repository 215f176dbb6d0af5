using Canic.Fsm.Ic.Candid;
using Canic.Fsm.Ic.Clients;
using T = Canic.Fsm.Ic.Candid.CandidType;
using V = Canic.Fsm.Ic.Candid.CandidValue;

namespace Canic.Fsm.Ic.Tests.Clients;

/// <summary>How the ledger's result unions decode, including cases this client has never heard of.</summary>
public class LedgerReplyTests
{
    [Test]
    public void An_error_case_the_client_does_not_know_is_an_unknown_outcome_not_a_failure()
    {
        var newer = T.Variant(("Ok", T.Record(("block_id", T.Nat), ("canister_id", T.Principal))),
            ("Err", T.Variant(("TooOld", T.Null), ("RateLimited", T.Record(("retry_after", T.Nat64))))));
        var reply = CandidEncoder.Encode((newer, V.Variant("Err", V.Variant("RateLimited", V.Record(("retry_after", new FixedNatValue(5, 64)))))));
        var error = Assert.Throws<IcUnknownOutcomeException>(() => ClientReplies.Decode("create_canister", reply, CyclesLedgerCandid.DecodeCreateCanisterResult))!;
        Assert.That(error.Method, Is.EqualTo("create_canister"));
        Assert.That(((CandidException)error.InnerException!).Error, Is.EqualTo(CandidError.TypeMismatch));

        // A known case from the same newer interface still decodes.
        var tooOld = CandidEncoder.Encode((newer, V.Variant("Err", V.Variant("TooOld"))));
        Assert.That(CyclesLedgerCandid.DecodeCreateCanisterResult(tooOld), Is.EqualTo(new CreateCanisterResult.Err(new CreateCanisterError.TooOld())));
    }

    [Test]
    public void Every_withdraw_error_round_trips_through_the_did_types()
    {
        WithdrawError[] errors =
        [
            new WithdrawError.InsufficientFunds(Cycles.Parse("1T")), new WithdrawError.TooOld(), new WithdrawError.CreatedInFuture(42),
            new WithdrawError.TemporarilyUnavailable(), new WithdrawError.Duplicate(7), new WithdrawError.BadFee(Cycles.Parse("100M")),
            new WithdrawError.InvalidReceiver(Principal.Anonymous), new WithdrawError.GenericError(3, "no"),
            new WithdrawError.FailedToWithdraw(9, RejectCode.CanisterReject, "refused"), new WithdrawError.FailedToWithdraw(null, RejectCode.SysUnknown, "?"),
        ];
        foreach (var error in errors)
            Assert.That(CyclesLedgerCandid.DecodeWithdrawResult(CyclesLedgerCandid.EncodeWithdrawResult(new WithdrawResult.Err(error))), Is.EqualTo(new WithdrawResult.Err(error)));
    }

    [Test]
    public void Every_create_canister_error_round_trips_through_the_did_types()
    {
        CreateCanisterError[] errors =
        [
            new CreateCanisterError.InsufficientFunds(Cycles.Parse("1T")), new CreateCanisterError.TooOld(), new CreateCanisterError.CreatedInFuture(42),
            new CreateCanisterError.TemporarilyUnavailable(), new CreateCanisterError.Duplicate(7, Principal.Anonymous), new CreateCanisterError.Duplicate(8, null),
            new CreateCanisterError.FailedToCreate(1, 2, "cmc"), new CreateCanisterError.GenericError(3, "no"),
        ];
        foreach (var error in errors)
            Assert.That(CyclesLedgerCandid.DecodeCreateCanisterResult(CyclesLedgerCandid.EncodeCreateCanisterResult(new CreateCanisterResult.Err(error))), Is.EqualTo(new CreateCanisterResult.Err(error)));
    }

    [Test]
    public void The_mainnet_ledger_id_is_a_valid_principal() =>
        Assert.That(CyclesLedgerClient.MainnetLedger.ToString(), Is.EqualTo("um5iw-rqaaa-aaaaq-qaaba-cai"));
}
