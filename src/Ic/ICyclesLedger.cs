namespace Canic.Fsm.Ic;

/// <summary>
/// The cycles ledger (<c>cycles-ledger.did</c>), acting for one caller principal: the off-chain way to create
/// and fund canisters. Expected errors are result values; a rejected call throws
/// <see cref="IcRejectException"/> and an unknown outcome <see cref="IcUnknownOutcomeException"/>.
/// </summary>
public interface ICyclesLedger
{
    /// <summary>The principal these calls are made as (the owner of the paying account).</summary>
    Principal Caller { get; }

    /// <summary><c>create_canister</c>: charges amount + fee and creates a canister; deduplicated by <c>created_at_time</c>.</summary>
    Task<CreateCanisterResult> CreateCanisterAsync(CreateCanisterArgs args, CancellationToken cancellationToken = default);

    /// <summary><c>withdraw</c>: moves cycles from the caller's account into a canister; deduplicated by <c>created_at_time</c>.</summary>
    Task<WithdrawResult> WithdrawAsync(WithdrawArgs args, CancellationToken cancellationToken = default);

    /// <summary><c>icrc1_balance_of</c>: the balance of an account.</summary>
    Task<Cycles> BalanceAsync(Account account, CancellationToken cancellationToken = default);
}
