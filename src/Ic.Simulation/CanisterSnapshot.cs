namespace Canic.Fsm.Ic.Simulation;

/// <summary>A canister of the simulated IC as tests and invariant checks see it.</summary>
/// <param name="Id">The canister id.</param>
/// <param name="Controllers">The controllers, ordered by bytes.</param>
/// <param name="Cycles">The balance (zero once deleted).</param>
/// <param name="ModuleHash">SHA-256 of the installed module, or null when empty.</param>
/// <param name="Status">Running or stopped.</param>
/// <param name="Deleted">Whether the canister was deleted.</param>
/// <param name="MemorySize">The memory size canister_status reports.</param>
/// <param name="DiscardedCycles">The cycles lost when the canister was deleted.</param>
public sealed record CanisterSnapshot(
    Principal Id,
    IReadOnlyList<Principal> Controllers,
    Cycles Cycles,
    byte[]? ModuleHash,
    CanisterStatus Status,
    bool Deleted,
    ulong MemorySize,
    Cycles DiscardedCycles);
