namespace Canic.Fsm.Ic;

/// <summary>Candid <c>canister_status_result</c> (the fields the orchestrator reads).</summary>
/// <param name="Status">Running, stopping or stopped.</param>
/// <param name="Settings">The canister's settings, controllers included.</param>
/// <param name="ModuleHash">SHA-256 of the installed module; null means the canister is empty.</param>
/// <param name="MemorySize">The memory the canister uses, in bytes.</param>
/// <param name="Cycles">The canister's cycle balance.</param>
/// <param name="ReservedCycles">Cycles reserved for future resource payments.</param>
/// <param name="IdleCyclesBurnedPerDay">The cycles the canister burns per day while idle.</param>
public sealed record CanisterStatusResult(
    CanisterStatus Status,
    DefiniteCanisterSettings Settings,
    byte[]? ModuleHash,
    ulong MemorySize,
    Cycles Cycles,
    Cycles ReservedCycles,
    Cycles IdleCyclesBurnedPerDay);
