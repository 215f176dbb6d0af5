using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Ic.Simulation.Tests;

public class SimulatedCyclesLedgerTests : SimulatedIcTestBase
{
    private static readonly Cycles Fee = Cycles.Parse("100M");
    private static readonly Cycles CreationFee = Cycles.Parse("500B");
    private Account _account;

    [SetUp]
    public void Fund()
    {
        _account = new Account(Orchestrator);
        Sim.Mint(_account, Cycles.Parse("20T"));
    }

    [Test]
    public async Task Create_charges_amount_plus_fee_and_the_canister_gets_amount_minus_the_creation_fee()
    {
        var result = await Ledger.CreateCanisterAsync(new(Cycles.Parse("5T"), Now));

        var ok = (CreateCanisterResult.Ok)result;
        Assert.That(await Ledger.BalanceAsync(_account), Is.EqualTo(Cycles.Parse("15T") - Fee));
        var status = await StatusAsync(ok.Value.CanisterId);
        Assert.That(status.Cycles, Is.EqualTo(Cycles.Parse("5T") - CreationFee));
        Assert.That(status.Settings.Controllers, Is.EqualTo(new[] { Orchestrator }));
        Assert.That(Sim.Snapshot().FeesBurned, Is.EqualTo(Fee + CreationFee));
        Assert.That(Sim.Snapshot().CyclesConserved, Is.True);
    }

    [Test]
    public async Task Create_applies_the_given_controllers()
    {
        var result = await Ledger.CreateCanisterAsync(new(Cycles.Parse("1T"),
            CreationArgs: new(new CanisterSettings { Controllers = [Stranger, Orchestrator] })));

        var id = ((CreateCanisterResult.Ok)result).Value.CanisterId;
        Assert.That(Sim.Canister(id)!.Controllers, Is.EqualTo(new[] { Orchestrator, Stranger }));
    }

    [Test]
    public async Task An_identical_resend_inside_the_window_is_a_duplicate_naming_the_canister_and_charges_nothing()
    {
        var args = new CreateCanisterArgs(Cycles.Parse("5T"), Now);
        var first = (CreateCanisterResult.Ok)await Ledger.CreateCanisterAsync(args);
        Clock.Advance(TimeSpan.FromHours(23));

        var resend = await Sim.CyclesLedgerFor(Orchestrator).CreateCanisterAsync(args with { });

        var duplicate = (CreateCanisterError.Duplicate)((CreateCanisterResult.Err)resend).Error;
        Assert.That(duplicate.CanisterId, Is.EqualTo(first.Value.CanisterId));
        Assert.That(duplicate.DuplicateOf, Is.EqualTo(first.Value.BlockId));
        Assert.That(await Ledger.BalanceAsync(_account), Is.EqualTo(Cycles.Parse("15T") - Fee));
        Assert.That(Sim.Snapshot().Canisters, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Requests_differing_in_an_argument_or_without_created_at_time_are_not_duplicates()
    {
        var at = Now;
        await Ledger.CreateCanisterAsync(new(Cycles.Parse("1T"), at));
        await Ledger.CreateCanisterAsync(new(Cycles.Parse("2T"), at));
        await Ledger.CreateCanisterAsync(new(Cycles.Parse("1T")));
        var third = await Ledger.CreateCanisterAsync(new(Cycles.Parse("1T")));

        Assert.That(third, Is.TypeOf<CreateCanisterResult.Ok>());
        Assert.That(Sim.Snapshot().Canisters, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task A_request_older_than_the_window_is_too_old_and_one_from_the_future_is_refused()
    {
        var at = Now;
        Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        var old = await Ledger.CreateCanisterAsync(new(Cycles.Parse("1T"), at));
        var future = await Ledger.CreateCanisterAsync(new(Cycles.Parse("1T"), Now + 61_000_000_000));
        var slightlyAhead = await Ledger.CreateCanisterAsync(new(Cycles.Parse("1T"), Now + 59_000_000_000));

        Assert.That(((CreateCanisterResult.Err)old).Error, Is.TypeOf<CreateCanisterError.TooOld>());
        Assert.That(((CreateCanisterResult.Err)future).Error, Is.EqualTo(new CreateCanisterError.CreatedInFuture(Now)));
        Assert.That(slightlyAhead, Is.TypeOf<CreateCanisterResult.Ok>(), "inside the permitted drift");
        Assert.That(await Ledger.BalanceAsync(_account), Is.EqualTo(Cycles.Parse("19T") - Fee));
    }

    [Test]
    public async Task A_short_balance_is_insufficient_funds_and_charges_nothing()
    {
        var result = await Ledger.CreateCanisterAsync(new(Cycles.Parse("20T"), Now));

        Assert.That(((CreateCanisterResult.Err)result).Error, Is.EqualTo(new CreateCanisterError.InsufficientFunds(Cycles.Parse("20T"))));
        Assert.That(await Ledger.BalanceAsync(_account), Is.EqualTo(Cycles.Parse("20T")));
        Assert.That(Sim.Snapshot().Canisters, Is.Empty);
    }

    [Test]
    public async Task An_amount_below_the_creation_fee_fails_to_create_keeping_only_the_ledger_fee()
    {
        var args = new CreateCanisterArgs(Cycles.Parse("100B"), Now);

        var result = await Ledger.CreateCanisterAsync(args);
        var resend = await Ledger.CreateCanisterAsync(args);

        var failed = (CreateCanisterError.FailedToCreate)((CreateCanisterResult.Err)result).Error;
        Assert.That(failed.Error, Does.Contain("creation fee"));
        Assert.That(failed.FeeBlock, Is.Not.Null);
        Assert.That(await Ledger.BalanceAsync(_account), Is.EqualTo(Cycles.Parse("20T") - Fee));
        Assert.That(((CreateCanisterResult.Err)resend).Error, Is.EqualTo(new CreateCanisterError.Duplicate(failed.FeeBlock!.Value, null)));
        Assert.That(Sim.Snapshot().CyclesConserved, Is.True);
    }

    [Test]
    public async Task A_zero_creation_fee_gives_the_canister_the_whole_amount()
    {
        using var sim = new SimulatedIc(new SimulatedIcOptions { CanisterCreationFee = Cycles.Zero });
        sim.Mint(_account, Cycles.Parse("6T"));

        var ok = (CreateCanisterResult.Ok)await sim.CyclesLedgerFor(Orchestrator).CreateCanisterAsync(new(Cycles.Parse("5T")));

        Assert.That(sim.Canister(ok.Value.CanisterId)!.Cycles, Is.EqualTo(Cycles.Parse("5T")));
    }

    [Test]
    public async Task Subaccounts_are_separate_accounts_and_the_zero_subaccount_is_the_default()
    {
        var sub = new byte[32];
        sub[31] = 7;
        Sim.Mint(new Account(Orchestrator, sub), Cycles.Parse("1T"));

        var fromSub = await Ledger.CreateCanisterAsync(new(Cycles.Parse("2T"), FromSubaccount: sub));

        Assert.That(((CreateCanisterResult.Err)fromSub).Error, Is.EqualTo(new CreateCanisterError.InsufficientFunds(Cycles.Parse("1T"))));
        Assert.That(await Ledger.BalanceAsync(new Account(Orchestrator, new byte[32])), Is.EqualTo(Cycles.Parse("20T")));
        Assert.That(() => new Account(Orchestrator, new byte[5]), Throws.ArgumentException.With.Message.Contains("got 5"));
    }

    [Test]
    public async Task Withdraw_moves_cycles_into_a_canister_for_the_fee_and_deduplicates()
    {
        var id = await CreateCanisterAsync("1T");
        var args = new WithdrawArgs(Cycles.Parse("2T"), id, Now);

        var ok = (WithdrawResult.Ok)await Ledger.WithdrawAsync(args);
        var resend = await Ledger.WithdrawAsync(args);

        Assert.That((await StatusAsync(id)).Cycles, Is.EqualTo(Cycles.Parse("3T")));
        Assert.That(await Ledger.BalanceAsync(_account), Is.EqualTo(Cycles.Parse("18T") - Fee));
        Assert.That(((WithdrawResult.Err)resend).Error, Is.EqualTo(new WithdrawError.Duplicate(ok.BlockIndex)));
        Assert.That(Sim.Snapshot().CyclesConserved, Is.True);
    }

    [Test]
    public async Task Withdraw_refuses_a_short_balance_and_fails_for_a_missing_canister_keeping_the_fee()
    {
        var short_ = await Ledger.WithdrawAsync(new(Cycles.Parse("20T"), Stranger));
        var missing = await Ledger.WithdrawAsync(new(Cycles.Parse("1T"), Stranger));

        Assert.That(((WithdrawResult.Err)short_).Error, Is.EqualTo(new WithdrawError.InsufficientFunds(Cycles.Parse("20T"))));
        var failed = (WithdrawError.FailedToWithdraw)((WithdrawResult.Err)missing).Error;
        Assert.That(failed.RejectionCode, Is.EqualTo(RejectCode.DestinationInvalid));
        Assert.That(failed.RejectionReason, Does.Contain(Stranger.ToString()));
        Assert.That(await Ledger.BalanceAsync(_account), Is.EqualTo(Cycles.Parse("20T") - Fee));
    }

    [Test]
    public async Task Withdraw_too_old_is_refused()
    {
        var id = await CreateCanisterAsync("1T");
        var at = Now;
        Clock.Advance(TimeSpan.FromDays(2));

        var result = await Ledger.WithdrawAsync(new(Cycles.Parse("1T"), id, at));

        Assert.That(((WithdrawResult.Err)result).Error, Is.TypeOf<WithdrawError.TooOld>());
    }

    [Test]
    public async Task Balances_are_per_account()
    {
        Sim.Mint(new Account(Stranger), Cycles.Parse("3T"));

        Assert.That(await Ledger.BalanceAsync(new Account(Stranger)), Is.EqualTo(Cycles.Parse("3T")));
        Assert.That(await Ledger.BalanceAsync(new Account(Principal.Anonymous)), Is.EqualTo(Cycles.Zero));
        Assert.That(Sim.Snapshot().Minted, Is.EqualTo(Cycles.Parse("23T")));
    }
}
