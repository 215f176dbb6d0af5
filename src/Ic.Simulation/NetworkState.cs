namespace Canic.Fsm.Ic.Simulation;

/// <summary>
/// Everything the simulated network holds: canisters, ledger balances, deduplication entries and counters.
/// Not thread-safe: <see cref="SimulatedIc"/> guards it with one lock. When <see cref="TracksChanges"/> is set,
/// every change is noted so that the file store can write exactly what changed.
/// </summary>
internal sealed class NetworkState(SimulatedIcOptions options, bool tracksChanges)
{
    public Dictionary<Principal, SimulatedCanister> Canisters { get; } = [];
    public Dictionary<Account, Cycles> Balances { get; } = [];
    public Dictionary<string, LedgerDeduplicationEntry> Deduplication { get; } = [];
    public ulong NextCanisterIndex { get; set; } = options.CanisterIdRangeStart;
    public ulong NextBlock { get; set; }
    public Cycles Minted { get; set; }
    public Cycles FeesBurned { get; set; }
    public Cycles Discarded { get; set; }

    public bool TracksChanges => tracksChanges;
    public HashSet<Principal> ChangedCanisters { get; } = [];
    public HashSet<Account> ChangedBalances { get; } = [];
    public List<LedgerDeduplicationEntry> AddedEntries { get; } = [];
    public List<string> RemovedEntries { get; } = [];

    public void Changed(SimulatedCanister canister)
    {
        if (tracksChanges) ChangedCanisters.Add(canister.Id);
    }

    public bool HasChanges => ChangedCanisters.Count + ChangedBalances.Count + AddedEntries.Count + RemovedEntries.Count > 0;

    public void ClearChanges()
    {
        ChangedCanisters.Clear();
        ChangedBalances.Clear();
        AddedEntries.Clear();
        RemovedEntries.Clear();
    }

    public Cycles BalanceOf(Account account) => Balances.GetValueOrDefault(account);

    public void SetBalance(Account account, Cycles amount)
    {
        Balances[account] = amount;
        if (tracksChanges) ChangedBalances.Add(account);
    }

    public ulong TakeBlock() => NextBlock++;

    /// <summary>The next free id of the subnet's range: the 8-byte big-endian index followed by 0x01 0x01.</summary>
    /// <exception cref="IcRejectException">The range is exhausted.</exception>
    public Principal AllocateCanisterId(IcMethod method)
    {
        while (NextCanisterIndex <= options.CanisterIdRangeEnd)
        {
            var bytes = new byte[10];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, NextCanisterIndex++);
            bytes[8] = 0x01;
            bytes[9] = 0x01;
            var id = Principal.FromBytes(bytes);
            // A provisional create with specified_id may have taken an index ahead of the counter.
            if (!Canisters.ContainsKey(id)) return id;
        }
        throw ManagementRejects.RangeExhausted(method, options.CanisterIdRangeEnd);
    }

    public SimulatedCanister AddCanister(Principal id, DefiniteCanisterSettings settings, Cycles cycles)
    {
        var canister = new SimulatedCanister(id, settings, cycles);
        Canisters.Add(id, canister);
        Changed(canister);
        return canister;
    }

    public void Remember(LedgerDeduplicationEntry entry)
    {
        Deduplication[entry.Key] = entry;
        if (tracksChanges) AddedEntries.Add(entry);
    }

    /// <summary>Forgets entries older than <paramref name="oldestKept"/>: the ledger answers TooOld for them anyway.</summary>
    public void ForgetEntriesBefore(ulong oldestKept)
    {
        foreach (var entry in Deduplication.Values.Where(e => e.CreatedAtTime < oldestKept).ToList())
        {
            Deduplication.Remove(entry.Key);
            if (tracksChanges) RemovedEntries.Add(entry.Key);
        }
    }

    public SimulatedIcSnapshot ToSnapshot() => new(
        Canisters.Values.OrderBy(c => c.Id).Select(c => c.ToSnapshot()).ToArray(),
        new Dictionary<Account, Cycles>(Balances),
        Minted,
        FeesBurned,
        Discarded);
}
