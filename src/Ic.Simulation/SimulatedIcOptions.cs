namespace Canic.Fsm.Ic.Simulation;

/// <summary>
/// Configuration of a <see cref="SimulatedIc"/>. Defaults follow mainnet where a figure is public
/// (ledger fee, creation fee, dedup window) and a local replica otherwise.
/// </summary>
public sealed record SimulatedIcOptions
{
    /// <summary>
    /// Whether this is a development network: only then does <c>provisional_create_canister_with_cycles</c>
    /// work (as on a local replica); otherwise it is rejected as on mainnet. Default true: the embedded
    /// simulator plays a local replica with a cycles ledger.
    /// </summary>
    public bool DevelopmentNetwork { get; init; } = true;

    /// <summary>The cycles ledger fee charged on top of every create_canister and withdraw. Default 100M, as on mainnet.</summary>
    public Cycles LedgerFee { get; init; } = Cycles.Parse("100M");

    /// <summary>
    /// The creation fee taken from the amount of a ledger create_canister: the new canister gets
    /// <c>amount - CanisterCreationFee</c>. Default 500B, mainnet's price on a 13-node subnet, so that cycle
    /// accounting meets the real deduction; set <see cref="Cycles.Zero"/> to give the canister the whole amount.
    /// An amount below the fee answers <c>FailedToCreate</c> (ledger fee charged, amount refunded).
    /// </summary>
    public Cycles CanisterCreationFee { get; init; } = Cycles.Parse("500B");

    /// <summary>The balance of a provisional canister created with <c>amount = null</c>. Default 100T, as on a replica.</summary>
    public Cycles ProvisionalDefaultCycles { get; init; } = Cycles.Parse("100T");

    /// <summary>How long the ledger remembers a request with <c>created_at_time</c> for deduplication. Default 24 h.</summary>
    public TimeSpan DeduplicationWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How far the caller's clock may run ahead of (or the window behind) the ledger's. Default 1 min.</summary>
    public TimeSpan PermittedDrift { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The first canister index of the subnet's range (ids are the 8-byte big-endian index followed by 0x01 0x01).</summary>
    public ulong CanisterIdRangeStart { get; init; }

    /// <summary>The last canister index of the range (inclusive). Default 2^20 - 1, the size of a subnet's range.</summary>
    public ulong CanisterIdRangeEnd { get; init; } = (1UL << 20) - 1;

    /// <summary>The most recent calls kept in the call log (older ones are dropped). Default 100,000.</summary>
    public int CallLogCapacity { get; init; } = 100_000;

    internal void Validate()
    {
        if (CanisterIdRangeEnd < CanisterIdRangeStart)
            throw new ArgumentException($"The canister id range is empty: start {CanisterIdRangeStart} > end {CanisterIdRangeEnd}.");
        if (DeduplicationWindow <= TimeSpan.Zero || PermittedDrift < TimeSpan.Zero)
            throw new ArgumentException($"DeduplicationWindow must be positive and PermittedDrift non-negative, got {DeduplicationWindow} and {PermittedDrift}.");
        if (CallLogCapacity < 0)
            throw new ArgumentException($"CallLogCapacity cannot be negative, got {CallLogCapacity}.");
    }
}
