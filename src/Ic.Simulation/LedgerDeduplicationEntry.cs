namespace Canic.Fsm.Ic.Simulation;

/// <summary>A ledger request remembered for deduplication: its key, time, block and the canister it created.</summary>
internal sealed record LedgerDeduplicationEntry(string Key, ulong CreatedAtTime, ulong Block, Principal? CanisterId);
