namespace Canic.Fsm.Ic.Simulation;

/// <summary>
/// What makes two ledger requests "identical" for deduplication: the operation, the paying account, the
/// <c>created_at_time</c> and every argument (the real ledger hashes the whole transaction).
/// </summary>
internal static class LedgerRequestKey
{
    public static string Of(Account from, CreateCanisterArgs args) =>
        $"create_canister|{from}|{args.CreatedAtTime}|{args.Amount.Value}|{Of(args.CreationArgs?.Settings)}|{Of(args.CreationArgs?.SubnetSelection)}";

    public static string Of(Account from, WithdrawArgs args) =>
        $"withdraw|{from}|{args.CreatedAtTime}|{args.Amount.Value}|{args.To}";

    private static string Of(CanisterSettings? s) => s is null
        ? "-"
        : string.Join(';',
            s.Controllers is null ? "-" : string.Join(',', s.Controllers),
            s.ComputeAllocation, s.MemoryAllocation, s.FreezingThreshold, s.ReservedCyclesLimit?.Value, s.WasmMemoryLimit,
            s.LogVisibility switch
            {
                null => "-",
                LogVisibility.AllowedViewers a => "viewers:" + string.Join(',', a.Viewers),
                var other => other.GetType().Name,
            });

    private static string Of(SubnetSelection? selection) => selection switch
    {
        null => "-",
        SubnetSelection.Subnet s => $"subnet:{s.SubnetId}",
        SubnetSelection.Filter f => $"filter:{f.SubnetType}",
        _ => throw new ArgumentOutOfRangeException(nameof(selection), selection, "Unknown subnet selection."),
    };
}
