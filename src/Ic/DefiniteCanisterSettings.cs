namespace Canic.Fsm.Ic;

/// <summary>Candid <c>definite_canister_settings</c>: the settings a canister has, as canister_status reports them.</summary>
/// <param name="Controllers">The controllers, deduplicated and ordered by bytes as the IC stores them.</param>
/// <param name="ComputeAllocation"><c>compute_allocation</c> (percent).</param>
/// <param name="MemoryAllocation"><c>memory_allocation</c> (bytes).</param>
/// <param name="FreezingThreshold"><c>freezing_threshold</c> (seconds).</param>
/// <param name="ReservedCyclesLimit"><c>reserved_cycles_limit</c>.</param>
/// <param name="LogVisibility"><c>log_visibility</c>.</param>
/// <param name="WasmMemoryLimit"><c>wasm_memory_limit</c> (bytes).</param>
public sealed record DefiniteCanisterSettings(
    IReadOnlyList<Principal> Controllers,
    ulong ComputeAllocation,
    ulong MemoryAllocation,
    ulong FreezingThreshold,
    Cycles ReservedCyclesLimit,
    LogVisibility LogVisibility,
    ulong WasmMemoryLimit);
