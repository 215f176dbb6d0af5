namespace Canic.Fsm.Ic.Simulation;

/// <summary>
/// The cycles ledger of a <see cref="SimulatedIc"/>, called as one principal: charges amount + fee, deduplicates by
/// <c>created_at_time</c> inside the window, and answers expected failures as <c>Err</c> values.
/// </summary>
internal sealed class SimulatedCyclesLedger(SimulatedIc network, Principal caller) : ICyclesLedger
{
    private readonly LedgerWindow _window = network.LedgerWindow;

    public Principal Caller => caller;

    public Task<CreateCanisterResult> CreateCanisterAsync(CreateCanisterArgs args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var from = new Account(caller, args.FromSubaccount);
        var key = LedgerRequestKey.Of(from, args);
        return network.Call(IcMethod.CreateCanister, caller, state => Create(state, from, key, args), cancellationToken);
    }

    public Task<WithdrawResult> WithdrawAsync(WithdrawArgs args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var from = new Account(caller, args.FromSubaccount);
        var key = LedgerRequestKey.Of(from, args);
        return network.Call(IcMethod.Withdraw, caller, state => Withdraw(state, from, key, args), cancellationToken);
    }

    public Task<Cycles> BalanceAsync(Account account, CancellationToken cancellationToken = default) =>
        network.Call(IcMethod.Balance, caller, state => state.BalanceOf(account), cancellationToken);

    private CreateCanisterResult Create(NetworkState state, Account from, string key, CreateCanisterArgs args)
    {
        var now = _window.Now();
        switch (_window.Check(state, now, args.CreatedAtTime, key, out var original))
        {
            case WindowVerdict.TooOld: return Refuse(new CreateCanisterError.TooOld());
            case WindowVerdict.CreatedInFuture: return Refuse(new CreateCanisterError.CreatedInFuture(now));
            case WindowVerdict.Duplicate: return Refuse(new CreateCanisterError.Duplicate(original!.Block, original.CanisterId));
        }
        var balance = state.BalanceOf(from);
        if (!Affords(balance, args.Amount)) return Refuse(new CreateCanisterError.InsufficientFunds(balance));

        var creationFee = network.Options.CanisterCreationFee;
        DefiniteCanisterSettings settings;
        Principal id;
        try
        {
            if (args.Amount < creationFee)
                throw new InvalidOperationException($"{args.Amount} cycles do not cover the creation fee of {creationFee}");
            settings = CanisterSettingsRules.ForNewCanister(caller, args.CreationArgs?.Settings, IcMethod.CreateCanister);
            id = state.AllocateCanisterId(IcMethod.CreateCanister);
        }
        catch (Exception e) when (e is IcRejectException or InvalidOperationException)
        {
            // As the real ledger does when the CMC fails: the fee stays burnt, the amount is refunded.
            var feeBlock = ChargeFee(state, from, balance);
            _window.Remember(state, now, args.CreatedAtTime, key, feeBlock, null);
            var reason = e is IcRejectException reject ? reject.RejectMessage : e.Message;
            return Refuse(new CreateCanisterError.FailedToCreate(feeBlock, state.TakeBlock(), reason));
        }

        state.SetBalance(from, balance - args.Amount - network.Options.LedgerFee);
        state.FeesBurned += network.Options.LedgerFee + creationFee;
        var block = state.TakeBlock();
        state.AddCanister(id, settings, args.Amount - creationFee);
        _window.Remember(state, now, args.CreatedAtTime, key, block, id);
        return new CreateCanisterResult.Ok(new CreateCanisterSuccess(block, id));

        static CreateCanisterResult Refuse(CreateCanisterError error) => new CreateCanisterResult.Err(error);
    }

    private WithdrawResult Withdraw(NetworkState state, Account from, string key, WithdrawArgs args)
    {
        var now = _window.Now();
        switch (_window.Check(state, now, args.CreatedAtTime, key, out var original))
        {
            case WindowVerdict.TooOld: return Refuse(new WithdrawError.TooOld());
            case WindowVerdict.CreatedInFuture: return Refuse(new WithdrawError.CreatedInFuture(now));
            case WindowVerdict.Duplicate: return Refuse(new WithdrawError.Duplicate(original!.Block));
        }
        var balance = state.BalanceOf(from);
        if (!Affords(balance, args.Amount)) return Refuse(new WithdrawError.InsufficientFunds(balance));

        if (!state.Canisters.TryGetValue(args.To, out var canister) || canister.Deleted)
        {
            var feeBlock = ChargeFee(state, from, balance);
            _window.Remember(state, now, args.CreatedAtTime, key, feeBlock, null);
            return Refuse(new WithdrawError.FailedToWithdraw(feeBlock, RejectCode.DestinationInvalid, $"Canister {args.To} not found"));
        }

        state.SetBalance(from, balance - args.Amount - network.Options.LedgerFee);
        state.FeesBurned += network.Options.LedgerFee;
        canister.Cycles += args.Amount;
        state.Changed(canister);
        var block = state.TakeBlock();
        _window.Remember(state, now, args.CreatedAtTime, key, block, null);
        return new WithdrawResult.Ok(block);

        static WithdrawResult Refuse(WithdrawError error) => new WithdrawResult.Err(error);
    }

    private bool Affords(Cycles balance, Cycles amount) =>
        balance >= network.Options.LedgerFee && balance - network.Options.LedgerFee >= amount;

    private ulong ChargeFee(NetworkState state, Account from, Cycles balance)
    {
        state.SetBalance(from, balance - network.Options.LedgerFee);
        state.FeesBurned += network.Options.LedgerFee;
        return state.TakeBlock();
    }
}
