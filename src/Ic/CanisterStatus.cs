namespace Canic.Fsm.Ic;

/// <summary>The <c>status</c> variant of <c>canister_status_result</c>.</summary>
public enum CanisterStatus
{
    /// <summary><c>running</c>: the canister accepts calls.</summary>
    Running,

    /// <summary><c>stopping</c>: stop was requested and open calls are draining.</summary>
    Stopping,

    /// <summary><c>stopped</c>: the canister accepts no calls and may be deleted.</summary>
    Stopped,
}
