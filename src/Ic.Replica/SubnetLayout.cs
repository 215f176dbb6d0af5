using Canic.Fsm.Ic.Clients;

namespace Canic.Fsm.Ic.Replica;

/// <summary>
/// The canister ranges the replica's one subnet holds, and how a delegation shows them: the simulated IC's id range
/// and the cycles ledger, split into <see cref="Shards"/> leaves of <c>/canister_ranges/&lt;subnet&gt;/&lt;shard&gt;</c>
/// (each labelled by its lowest id) as a large NNS delegation splits them, and listed whole in the older
/// <c>/subnet/&lt;subnet&gt;/canister_ranges</c> leaf.
/// </summary>
public sealed class SubnetLayout
{
    /// <summary>Lays out the ids <paramref name="firstIndex"/>..<paramref name="lastIndex"/> plus the ledger.</summary>
    /// <param name="firstIndex">The first canister index of the simulated IC.</param>
    /// <param name="lastIndex">The last canister index (inclusive).</param>
    /// <param name="shards">Leaves of the sharded layout: 1, or more to exercise a client's choice of shard.</param>
    /// <param name="ledgerId">The cycles ledger's id (the mainnet id when null).</param>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 1 shard, or more shards than ids.</exception>
    public SubnetLayout(ulong firstIndex, ulong lastIndex, int shards = 1, Principal? ledgerId = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(lastIndex, firstIndex);
        LedgerId = ledgerId ?? CyclesLedgerClient.MainnetLedger;
        // With one shard everything is one leaf; with n > 1 the ledger gets a leaf and the canister range is cut in n - 1.
        var pieces = shards == 1 ? 1UL : (ulong)(shards - 1);
        if (pieces - 1 > lastIndex - firstIndex) throw new ArgumentOutOfRangeException(nameof(shards), shards, "more shards than canister ids");
        var size = (lastIndex - firstIndex) / pieces + 1;
        var canisterRanges = new List<CanisterIdRange>();
        for (var start = firstIndex; canisterRanges.Count < (int)pieces; start += size)
        {
            var end = canisterRanges.Count == (int)pieces - 1 ? lastIndex : start + size - 1;
            canisterRanges.Add(new CanisterIdRange(CanisterIdRange.CanisterId(start), CanisterIdRange.CanisterId(end)));
        }
        var ledger = new CanisterIdRange(LedgerId, LedgerId);
        Ranges = [.. canisterRanges.Append(ledger).OrderBy(r => r.Low)];
        Shards = shards == 1 ? [Ranges] : [.. Ranges.Select(r => (IReadOnlyList<CanisterIdRange>)[r])];
        DefaultEffectiveCanisterId = canisterRanges[0].Low;
    }

    /// <summary>Every range, ordered.</summary>
    public IReadOnlyList<CanisterIdRange> Ranges { get; }

    /// <summary>The leaves of the sharded layout, each a list of ranges; a leaf's label is its first range's low id.</summary>
    public IReadOnlyList<IReadOnlyList<CanisterIdRange>> Shards { get; }

    /// <summary>The cycles ledger's id.</summary>
    public Principal LedgerId { get; }

    /// <summary>Where a client routes <c>provisional_create_canister_with_cycles</c> without a specified id: the first id of the range.</summary>
    public Principal DefaultEffectiveCanisterId { get; }

    /// <summary>Whether a canister id belongs to this subnet.</summary>
    public bool Contains(Principal id) => Ranges.Any(r => r.Contains(id));
}
