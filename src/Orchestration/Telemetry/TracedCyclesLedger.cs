using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Telemetry;

/// <summary>The cycles ledger with a client span per call (<see cref="IcCallSpans"/>); an <c>Err</c> answer marks the span as an error.</summary>
internal sealed class TracedCyclesLedger(ICyclesLedger inner) : ICyclesLedger
{
    private const string Service = IcCallSpans.LedgerService;

    public Principal Caller => inner.Caller;

    public Task<CreateCanisterResult> CreateCanisterAsync(CreateCanisterArgs args, CancellationToken cancellationToken = default) =>
        IcCallSpans.CallAsync(Service, "create_canister", null, () => inner.CreateCanisterAsync(args, cancellationToken),
            result => result is CreateCanisterResult.Err err ? err.Error.ToString() : null,
            result => result is CreateCanisterResult.Ok ok ? ok.Value.CanisterId : null);

    public Task<WithdrawResult> WithdrawAsync(WithdrawArgs args, CancellationToken cancellationToken = default) =>
        IcCallSpans.CallAsync(Service, "withdraw", null, () => inner.WithdrawAsync(args, cancellationToken),
            result => result is WithdrawResult.Err err ? err.Error.ToString() : null);

    public Task<Cycles> BalanceAsync(Account account, CancellationToken cancellationToken = default) =>
        IcCallSpans.CallAsync(Service, "icrc1_balance_of", null, () => inner.BalanceAsync(account, cancellationToken));
}
