namespace Canic.Fsm.Ic.Simulation;

/// <summary>The methods the simulated IC serves; fault plans and the call log are keyed by them.</summary>
public enum IcMethod
{
    /// <summary>Management <c>canister_status</c>.</summary>
    CanisterStatus,

    /// <summary>Management <c>update_settings</c>.</summary>
    UpdateSettings,

    /// <summary>Management <c>install_code</c>.</summary>
    InstallCode,

    /// <summary>Management <c>uninstall_code</c>.</summary>
    UninstallCode,

    /// <summary>Management <c>stop_canister</c>.</summary>
    StopCanister,

    /// <summary>Management <c>start_canister</c>.</summary>
    StartCanister,

    /// <summary>Management <c>delete_canister</c>.</summary>
    DeleteCanister,

    /// <summary>Management <c>provisional_create_canister_with_cycles</c>.</summary>
    ProvisionalCreateCanisterWithCycles,

    /// <summary>Cycles ledger <c>create_canister</c>.</summary>
    CreateCanister,

    /// <summary>Cycles ledger <c>withdraw</c>.</summary>
    Withdraw,

    /// <summary>Cycles ledger <c>icrc1_balance_of</c>.</summary>
    Balance,
}

/// <summary>Candid names of <see cref="IcMethod"/>.</summary>
public static class IcMethodNames
{
    /// <summary>The Candid method name, e.g. <c>install_code</c>.</summary>
    public static string CandidName(this IcMethod method) => method switch
    {
        IcMethod.CanisterStatus => "canister_status",
        IcMethod.UpdateSettings => "update_settings",
        IcMethod.InstallCode => "install_code",
        IcMethod.UninstallCode => "uninstall_code",
        IcMethod.StopCanister => "stop_canister",
        IcMethod.StartCanister => "start_canister",
        IcMethod.DeleteCanister => "delete_canister",
        IcMethod.ProvisionalCreateCanisterWithCycles => "provisional_create_canister_with_cycles",
        IcMethod.CreateCanister => "create_canister",
        IcMethod.Withdraw => "withdraw",
        IcMethod.Balance => "icrc1_balance_of",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown IC method."),
    };
}
