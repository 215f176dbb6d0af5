using Canic.Fsm.Ic.Agent;

namespace Canic.Fsm.Ic.Clients;

/// <summary>
/// The cycles ledger over the HTTP agent, as the agent's identity. <c>create_canister</c> and <c>withdraw</c> are
/// update calls (certified), deduplicated by the ledger when <c>created_at_time</c> is set; <c>icrc1_balance_of</c>
/// is a query whose node signatures are verified (not certified by the subnet: use it for display and planning,
/// not as proof). Every call's effective canister id is the ledger itself.
/// </summary>
public sealed class CyclesLedgerClient : ICyclesLedger
{
    /// <summary>The mainnet cycles ledger, <c>um5iw-rqaaa-aaaaq-qaaba-cai</c>.</summary>
    public static Principal MainnetLedger => Principal.Parse("um5iw-rqaaa-aaaaq-qaaba-cai");

    private readonly IcAgent _agent;

    /// <summary>Creates the client for the ledger <paramref name="ledgerId"/> (the mainnet ledger when null).</summary>
    public CyclesLedgerClient(IcAgent agent, Principal? ledgerId = null)
    {
        _agent = agent ?? throw new ArgumentNullException(nameof(agent));
        LedgerId = ledgerId ?? MainnetLedger;
    }

    /// <summary>The ledger canister.</summary>
    public Principal LedgerId { get; }

    /// <inheritdoc />
    public Principal Caller => _agent.Identity.Sender;

    /// <inheritdoc />
    public async Task<CreateCanisterResult> CreateCanisterAsync(CreateCanisterArgs args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var reply = await _agent.CallAsync(LedgerId, LedgerId, "create_canister", CyclesLedgerCandid.Encode(args), cancellationToken).ConfigureAwait(false);
        return ClientReplies.Decode("create_canister", reply, CyclesLedgerCandid.DecodeCreateCanisterResult);
    }

    /// <inheritdoc />
    public async Task<WithdrawResult> WithdrawAsync(WithdrawArgs args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var reply = await _agent.CallAsync(LedgerId, LedgerId, "withdraw", CyclesLedgerCandid.Encode(args), cancellationToken).ConfigureAwait(false);
        return ClientReplies.Decode("withdraw", reply, CyclesLedgerCandid.DecodeWithdrawResult);
    }

    /// <inheritdoc />
    public async Task<Cycles> BalanceAsync(Account account, CancellationToken cancellationToken = default)
    {
        var reply = await _agent.QueryAsync(LedgerId, LedgerId, "icrc1_balance_of", CyclesLedgerCandid.Encode(account), cancellationToken).ConfigureAwait(false);
        return ClientReplies.Decode("icrc1_balance_of", reply, CyclesLedgerCandid.DecodeBalance);
    }
}
