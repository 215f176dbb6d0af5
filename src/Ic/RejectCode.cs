namespace Canic.Fsm.Ic;

/// <summary>The reject code of a rejected IC call (interface specification, "Reject codes").</summary>
public enum RejectCode
{
    /// <summary>0: no error (only as the cycles ledger's <c>RejectionCode.NoError</c>).</summary>
    NoError = 0,

    /// <summary>1: fatal system error; retrying is unlikely to help.</summary>
    SysFatal = 1,

    /// <summary>2: transient system error; a retry may help.</summary>
    SysTransient = 2,

    /// <summary>3: the destination (a canister) does not exist or is invalid.</summary>
    DestinationInvalid = 3,

    /// <summary>4: the canister (or the management canister) explicitly rejected the call.</summary>
    CanisterReject = 4,

    /// <summary>5: the canister trapped or the management canister refused the operation.</summary>
    CanisterError = 5,

    /// <summary>6: the outcome is unknown to the system (or the code was not one the client knows).</summary>
    SysUnknown = 6,
}
