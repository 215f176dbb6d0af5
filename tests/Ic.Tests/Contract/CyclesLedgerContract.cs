using Canic.Fsm.Ic.Clients;
using Canic.Fsm.Ic.Identity;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Ic.Tests.Contract;

/// <summary>
/// The behaviour every <see cref="ICyclesLedger"/> must show: creation and withdrawal charge amount + fee,
/// identical requests with the same <c>created_at_time</c> are answered as duplicates (the idempotency the
/// orchestrator relies on), expected failures are result values.
/// </summary>
public abstract class CyclesLedgerContract
{
    protected static readonly Ed25519Identity Alice = Ed25519Identity.FromSeed(Enumerable.Repeat((byte)0xA1, 32).ToArray());

    protected abstract Task<SimulatedIc> StartNetworkAsync();

    protected abstract Task StopNetworkAsync();

    protected abstract ICyclesLedger For(Ed25519Identity identity);

    protected abstract IManagementCanister ManagementFor(Ed25519Identity identity);

    private SimulatedIc _ic = null!;

    [SetUp]
    public async Task SetUpNetwork() => _ic = await StartNetworkAsync();

    [TearDown]
    public Task TearDownNetwork() => StopNetworkAsync();

    private static ulong Now => IcTime.ToNanoseconds(DateTimeOffset.UtcNow);

    [Test]
    public async Task Create_canister_charges_amount_and_fee_and_a_resend_is_a_duplicate_naming_the_canister()
    {
        var account = new Account(Alice.Sender);
        _ic.Mint(account, Cycles.Parse("10T"));
        var ledger = For(Alice);
        var args = new CreateCanisterArgs(Cycles.Parse("2T"), Now);
        var created = (CreateCanisterResult.Ok)await ledger.CreateCanisterAsync(args);
        var balance = await ledger.BalanceAsync(account);
        Assert.That(balance, Is.EqualTo(Cycles.Parse("10T") - Cycles.Parse("2T") - _ic.Options.LedgerFee));
        var again = (CreateCanisterResult.Err)await ledger.CreateCanisterAsync(args);
        Assert.That(again.Error, Is.EqualTo(new CreateCanisterError.Duplicate(created.Value.BlockId, created.Value.CanisterId)));
        Assert.That(await ledger.BalanceAsync(account), Is.EqualTo(balance), "the duplicate charged nothing");
        var status = await ManagementFor(Alice).CanisterStatusAsync(new CanisterIdRecord(created.Value.CanisterId));
        Assert.That(status.Settings.Controllers, Is.EquivalentTo(new[] { Alice.Sender }));
    }

    [Test]
    public async Task Insufficient_funds_are_a_value_with_the_balance()
    {
        _ic.Mint(new Account(Alice.Sender), Cycles.Parse("1T"));
        var result = await For(Alice).CreateCanisterAsync(new CreateCanisterArgs(Cycles.Parse("5T"), Now));
        Assert.That(result, Is.EqualTo(new CreateCanisterResult.Err(new CreateCanisterError.InsufficientFunds(Cycles.Parse("1T")))));
    }

    [Test]
    public async Task Withdraw_moves_cycles_into_a_canister_and_a_missing_canister_fails_to_withdraw()
    {
        var account = new Account(Alice.Sender);
        _ic.Mint(account, Cycles.Parse("10T"));
        var id = (await ManagementFor(Alice).ProvisionalCreateCanisterWithCyclesAsync(new ProvisionalCreateCanisterWithCyclesArgs(Cycles.Parse("1T")))).CanisterId;
        var ledger = For(Alice);
        Assert.That(await ledger.WithdrawAsync(new WithdrawArgs(Cycles.Parse("3T"), id, Now)), Is.InstanceOf<WithdrawResult.Ok>());
        Assert.That((await ManagementFor(Alice).CanisterStatusAsync(new CanisterIdRecord(id))).Cycles, Is.EqualTo(Cycles.Parse("4T")));
        var missing = await ledger.WithdrawAsync(new WithdrawArgs(Cycles.Parse("1T"), Principal.Parse("rrkah-fqaaa-aaaaa-aaaaq-cai"), Now + 1));
        Assert.That(((WithdrawResult.Err)missing).Error, Is.InstanceOf<WithdrawError.FailedToWithdraw>()
            .With.Property(nameof(WithdrawError.FailedToWithdraw.RejectionCode)).EqualTo(RejectCode.DestinationInvalid));
    }
}

/// <summary>The ledger contract against the simulated IC.</summary>
public sealed class SimulatedCyclesLedgerContract : CyclesLedgerContract
{
    private SimulatedIc _ic = null!;

    protected override Task<SimulatedIc> StartNetworkAsync() => Task.FromResult(_ic = new SimulatedIc());

    protected override Task StopNetworkAsync()
    {
        _ic.Dispose();
        return Task.CompletedTask;
    }

    protected override ICyclesLedger For(Ed25519Identity identity) => _ic.CyclesLedgerFor(identity.Sender);

    protected override IManagementCanister ManagementFor(Ed25519Identity identity) => _ic.ManagementCanisterFor(identity.Sender);
}

/// <summary>The ledger contract against the HTTP clients and the in-process replica (balance by verified query).</summary>
public sealed class HttpCyclesLedgerContract : CyclesLedgerContract
{
    private TestReplica _replica = null!;
    private HttpClient _http = null!;

    protected override async Task<SimulatedIc> StartNetworkAsync()
    {
        _replica = await TestReplica.StartAsync();
        _http = new HttpClient();
        return _replica.Ic;
    }

    protected override async Task StopNetworkAsync()
    {
        _http.Dispose();
        await _replica.DisposeAsync();
    }

    protected override ICyclesLedger For(Ed25519Identity identity) => new CyclesLedgerClient(_replica.Agent(identity, _http), _replica.LedgerId);

    protected override IManagementCanister ManagementFor(Ed25519Identity identity) => new ManagementCanisterClient(_replica.Agent(identity, _http));
}
