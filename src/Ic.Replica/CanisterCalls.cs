using Canic.Fsm.Ic.Candid;
using Canic.Fsm.Ic.Clients;
using Canic.Fsm.Ic.Replica.Ingress;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Ic.Replica;

/// <summary>
/// What the replica's canisters do with an update call: the management canister (<c>aaaaa-aa</c>) and the cycles
/// ledger, run on the simulated IC as the sender. <see cref="Route"/> applies the IC's routing rules before anything
/// runs (the effective canister id must be the target canister, or the argument's <c>canister_id</c> for the
/// management canister, and must lie in the subnet); <see cref="ExecuteAsync"/> runs the call and turns a reject
/// into the certified rejected status.
/// </summary>
internal sealed class CanisterCalls(SimulatedIc ic, SubnetLayout layout)
{
    private static readonly Dictionary<string, IcMethod> ManagementMethods = new()
    {
        ["canister_status"] = IcMethod.CanisterStatus,
        ["update_settings"] = IcMethod.UpdateSettings,
        ["install_code"] = IcMethod.InstallCode,
        ["uninstall_code"] = IcMethod.UninstallCode,
        ["stop_canister"] = IcMethod.StopCanister,
        ["start_canister"] = IcMethod.StartCanister,
        ["delete_canister"] = IcMethod.DeleteCanister,
        ["provisional_create_canister_with_cycles"] = IcMethod.ProvisionalCreateCanisterWithCycles,
    };

    /// <summary>The method a call is counted as (for the fault plan), or null for a method the replica does not serve.</summary>
    /// <exception cref="IngressRefusal">The effective canister id breaks the routing rules.</exception>
    public IcMethod? Route(Principal effectiveCanisterId, Principal canister, string method, byte[] arg)
    {
        if (!layout.Contains(effectiveCanisterId))
            throw IngressRefusal.BadRequest($"Canister {effectiveCanisterId} does not belong to this subnet (ranges {string.Join(", ", layout.Ranges)})");
        if (canister == Principal.ManagementCanister)
        {
            if (method is "create_canister" or "raw_rand" or "deposit_cycles")
                throw IngressRefusal.BadRequest($"Only canisters can call ic00 method {method}");
            var known = ManagementMethods.TryGetValue(method, out var m) ? m : (IcMethod?)null;
            if (method == "provisional_create_canister_with_cycles") return known;
            if (TargetOf(arg) is { } target && target != effectiveCanisterId)
                throw IngressRefusal.BadRequest($"Specified CanisterId {effectiveCanisterId} does not match the canister_id {target} of the {method} argument");
            return known;
        }
        if (canister != effectiveCanisterId)
            throw IngressRefusal.BadRequest($"Specified CanisterId {effectiveCanisterId} does not match the call's canister_id {canister}");
        if (canister == layout.LedgerId)
            return method switch { "create_canister" => IcMethod.CreateCanister, "withdraw" => IcMethod.Withdraw, _ => null };
        return null;
    }

    /// <summary>The <c>canister_id</c> field of a management argument, or null when it has none or does not decode.</summary>
    private static Principal? TargetOf(byte[] arg)
    {
        try
        {
            return ManagementCandid.DecodeCanisterIdRecord(arg).CanisterId;
        }
        catch (CandidException)
        {
            return null;
        }
    }

    /// <summary>Runs the call as <paramref name="sender"/> and returns its final status.</summary>
    public async Task<RequestStatus> ExecuteAsync(Principal sender, Principal canister, string method, byte[] arg)
    {
        try
        {
            if (canister == layout.LedgerId) return RequestStatus.Replied(await LedgerAsync(sender, method, arg).ConfigureAwait(false));
            if (canister == Principal.ManagementCanister) return RequestStatus.Replied(await ManagementAsync(sender, method, arg).ConfigureAwait(false));
            throw NoSuchCanister(canister);
        }
        catch (IcRejectException e)
        {
            return RequestStatus.Rejected(e.Code, e.RejectMessage, e.ErrorCode);
        }
        catch (CandidException e)
        {
            return RequestStatus.Rejected(RejectCode.CanisterReject, $"Error decoding candid of {method}: {e.Message}", "IC0503");
        }
    }

    private IcRejectException NoSuchCanister(Principal canister) =>
        ic.Canister(canister) is { Deleted: false }
            ? new IcRejectException("call", RejectCode.CanisterError, $"Canister {canister} contains no Wasm module the replica can run", "IC0537")
            : new IcRejectException("call", RejectCode.DestinationInvalid, $"Canister {canister} not found", "IC0301");

    private async Task<byte[]> LedgerAsync(Principal sender, string method, byte[] arg)
    {
        var ledger = ic.CyclesLedgerFor(sender);
        return method switch
        {
            "create_canister" => CyclesLedgerCandid.EncodeCreateCanisterResult(await ledger.CreateCanisterAsync(CyclesLedgerCandid.DecodeCreateCanisterArgs(arg)).ConfigureAwait(false)),
            "withdraw" => CyclesLedgerCandid.EncodeWithdrawResult(await ledger.WithdrawAsync(CyclesLedgerCandid.DecodeWithdrawArgs(arg)).ConfigureAwait(false)),
            "icrc1_balance_of" => CyclesLedgerCandid.EncodeBalance(await ledger.BalanceAsync(CyclesLedgerCandid.DecodeAccount(arg)).ConfigureAwait(false)),
            _ => throw new IcRejectException(method, RejectCode.DestinationInvalid, $"Canister {layout.LedgerId} has no update method '{method}'", "IC0536"),
        };
    }

    private async Task<byte[]> ManagementAsync(Principal sender, string method, byte[] arg)
    {
        var mc = ic.ManagementCanisterFor(sender);
        return method switch
        {
            "canister_status" => ManagementCandid.EncodeCanisterStatusResult(await mc.CanisterStatusAsync(ManagementCandid.DecodeCanisterIdRecord(arg)).ConfigureAwait(false)),
            "update_settings" => await Empty(mc.UpdateSettingsAsync(ManagementCandid.DecodeUpdateSettingsArgs(arg))).ConfigureAwait(false),
            "install_code" => await Empty(mc.InstallCodeAsync(ManagementCandid.DecodeInstallCodeArgs(arg))).ConfigureAwait(false),
            "uninstall_code" => await Empty(mc.UninstallCodeAsync(ManagementCandid.DecodeUninstallCodeArgs(arg))).ConfigureAwait(false),
            "stop_canister" => await Empty(mc.StopCanisterAsync(ManagementCandid.DecodeCanisterIdRecord(arg))).ConfigureAwait(false),
            "start_canister" => await Empty(mc.StartCanisterAsync(ManagementCandid.DecodeCanisterIdRecord(arg))).ConfigureAwait(false),
            "delete_canister" => await Empty(mc.DeleteCanisterAsync(ManagementCandid.DecodeCanisterIdRecord(arg))).ConfigureAwait(false),
            "provisional_create_canister_with_cycles" => ManagementCandid.EncodeCanisterIdResult(
                await mc.ProvisionalCreateCanisterWithCyclesAsync(ManagementCandid.DecodeProvisionalCreateArgs(arg)).ConfigureAwait(false)),
            _ => throw new IcRejectException(method, RejectCode.DestinationInvalid, $"Management canister has no method '{method}'", "IC0302"),
        };
    }

    private static async Task<byte[]> Empty(Task task)
    {
        await task.ConfigureAwait(false);
        return ManagementCandid.EncodeEmptyResult();
    }

    /// <summary>A query: the ledger's <c>icrc1_balance_of</c>; anything else is rejected.</summary>
    public async Task<RequestStatus> QueryAsync(Principal sender, Principal canister, string method, byte[] arg)
    {
        if (canister == layout.LedgerId && method == "icrc1_balance_of") return await ExecuteAsync(sender, canister, method, arg).ConfigureAwait(false);
        return RequestStatus.Rejected(RejectCode.DestinationInvalid, $"Canister {canister} has no query method '{method}'", "IC0302");
    }
}
