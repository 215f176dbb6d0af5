namespace Canic.Fsm.Ic.Simulation;

/// <summary>
/// The rejects the simulated management canister answers, with the reject codes and error codes the replica
/// uses for them (ic-error-types: 3xx = DESTINATION_INVALID, 4xx = CANISTER_REJECT, 5xx = CANISTER_ERROR).
/// </summary>
internal static class ManagementRejects
{
    public static IcRejectException NotFound(IcMethod method, Principal id) =>
        new(method.CandidName(), RejectCode.DestinationInvalid, $"Canister {id} not found", "IC0301");

    public static IcRejectException NotController(IcMethod method, Principal id, Principal caller) =>
        new(method.CandidName(), RejectCode.CanisterError,
            $"Only controllers of canister {id} can call ic00 method {method.CandidName()} (caller {caller})", "IC0512");

    public static IcRejectException AlreadyInstalled(Principal id) =>
        new(IcMethod.InstallCode.CandidName(), RejectCode.CanisterError,
            $"Canister {id} cannot be installed because the canister is not empty. Try installing with mode='reinstall' instead.", "IC0538");

    public static IcRejectException NoModule(Principal id) =>
        new(IcMethod.InstallCode.CandidName(), RejectCode.CanisterError,
            $"Canister {id} contains no Wasm module to upgrade", "IC0537");

    public static IcRejectException EmptyModule(Principal id) =>
        new(IcMethod.InstallCode.CandidName(), RejectCode.CanisterError,
            $"Wasm module of canister {id} is invalid: the module is empty", "IC0505");

    public static IcRejectException NotStopped(Principal id) =>
        new(IcMethod.DeleteCanister.CandidName(), RejectCode.CanisterError,
            $"Canister {id} must be stopped before it is deleted.", "IC0510");

    public static IcRejectException InvalidSettings(IcMethod method, string why) =>
        new(method.CandidName(), RejectCode.CanisterError, $"Could not validate the settings: {why}", "IC0504");

    public static IcRejectException NotDevelopmentNetwork(Principal caller) =>
        new(IcMethod.ProvisionalCreateCanisterWithCycles.CandidName(), RejectCode.CanisterReject,
            $"Caller {caller} is not allowed to call ic00 method provisional_create_canister_with_cycles: this is not a development network", "IC0406");

    public static IcRejectException IdTaken(Principal id) =>
        new(IcMethod.ProvisionalCreateCanisterWithCycles.CandidName(), RejectCode.SysTransient,
            $"Canister {id} already exists", "IC0205");

    public static IcRejectException RangeExhausted(IcMethod method, ulong end) =>
        new(method.CandidName(), RejectCode.SysFatal,
            $"Maximum number of canisters reached: the subnet's id range ends at index {end}", "IC0102");
}
