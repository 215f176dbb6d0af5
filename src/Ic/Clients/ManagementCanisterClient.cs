using Canic.Fsm.Ic.Agent;
using Canic.Fsm.Ic.Candid;

namespace Canic.Fsm.Ic.Clients;

/// <summary>
/// The management canister over the HTTP agent, as the agent's identity. Every call is an update call (certified),
/// addressed by the effective canister id the IC routes it by: the <c>canister_id</c> of the argument, and for
/// <c>provisional_create_canister_with_cycles</c> the <c>specified_id</c> or the configured default. A reply that
/// does not decode is an unknown outcome (the call ran; its result is unreadable).
/// </summary>
public sealed class ManagementCanisterClient : IManagementCanister
{
    private readonly IcAgent _agent;
    private readonly Principal _defaultEffectiveCanisterId;

    /// <summary>Creates the client.</summary>
    /// <param name="agent">The agent (identity, network).</param>
    /// <param name="provisionalEffectiveCanisterId">
    /// Where <c>provisional_create_canister_with_cycles</c> without a <c>specified_id</c> is routed: a canister id in the
    /// target subnet's ranges (PocketIC: its topology's default effective canister id; dfx: <c>dfx info default-effective-canister-id</c>).
    /// Null routes it to <c>aaaaa-aa</c>, which only a single-subnet replica without delegation accepts.
    /// </param>
    public ManagementCanisterClient(IcAgent agent, Principal? provisionalEffectiveCanisterId = null)
    {
        _agent = agent ?? throw new ArgumentNullException(nameof(agent));
        _defaultEffectiveCanisterId = provisionalEffectiveCanisterId ?? Principal.ManagementCanister;
    }

    /// <inheritdoc />
    public Principal Caller => _agent.Identity.Sender;

    /// <inheritdoc />
    public Task<CanisterStatusResult> CanisterStatusAsync(CanisterIdRecord args, CancellationToken cancellationToken = default) =>
        CallAsync("canister_status", args.CanisterId, ManagementCandid.Encode(args), ManagementCandid.DecodeCanisterStatusResult, cancellationToken);

    /// <inheritdoc />
    public Task UpdateSettingsAsync(UpdateSettingsArgs args, CancellationToken cancellationToken = default) =>
        CallAsync("update_settings", args.CanisterId, ManagementCandid.Encode(args), Empty, cancellationToken);

    /// <inheritdoc />
    public Task InstallCodeAsync(InstallCodeArgs args, CancellationToken cancellationToken = default) =>
        CallAsync("install_code", args.CanisterId, ManagementCandid.Encode(args), Empty, cancellationToken);

    /// <inheritdoc />
    public Task UninstallCodeAsync(UninstallCodeArgs args, CancellationToken cancellationToken = default) =>
        CallAsync("uninstall_code", args.CanisterId, ManagementCandid.Encode(args), Empty, cancellationToken);

    /// <inheritdoc />
    public Task StopCanisterAsync(CanisterIdRecord args, CancellationToken cancellationToken = default) =>
        CallAsync("stop_canister", args.CanisterId, ManagementCandid.Encode(args), Empty, cancellationToken);

    /// <inheritdoc />
    public Task StartCanisterAsync(CanisterIdRecord args, CancellationToken cancellationToken = default) =>
        CallAsync("start_canister", args.CanisterId, ManagementCandid.Encode(args), Empty, cancellationToken);

    /// <inheritdoc />
    public Task DeleteCanisterAsync(CanisterIdRecord args, CancellationToken cancellationToken = default) =>
        CallAsync("delete_canister", args.CanisterId, ManagementCandid.Encode(args), Empty, cancellationToken);

    /// <inheritdoc />
    public Task<CanisterIdRecord> ProvisionalCreateCanisterWithCyclesAsync(ProvisionalCreateCanisterWithCyclesArgs args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        return CallAsync("provisional_create_canister_with_cycles", args.SpecifiedId ?? _defaultEffectiveCanisterId,
            ManagementCandid.Encode(args), ManagementCandid.DecodeCanisterIdResult, cancellationToken);
    }

    private static bool Empty(byte[] reply)
    {
        ManagementCandid.DecodeEmptyResult(reply);
        return true;
    }

    private async Task<T> CallAsync<T>(string method, Principal effectiveCanisterId, byte[] arg, Func<byte[], T> decode, CancellationToken cancellationToken)
    {
        var reply = await _agent.CallAsync(Principal.ManagementCanister, effectiveCanisterId, method, arg, cancellationToken).ConfigureAwait(false);
        return ClientReplies.Decode(method, reply, decode);
    }
}

/// <summary>Decoding replies: an undecodable reply of a call that ran is an unknown outcome.</summary>
internal static class ClientReplies
{
    public static T Decode<T>(string method, byte[] reply, Func<byte[], T> decode)
    {
        try
        {
            return decode(reply);
        }
        catch (CandidException e)
        {
            throw new IcUnknownOutcomeException(method, $"its reply does not decode: {e.Message}", e);
        }
    }
}
