using System.Globalization;

namespace Canic.Fsm.Ic.Simulation;

/// <summary>
/// The rows of a simulated IC file and their conversion to and from the network state. Cycles are stored as
/// decimal text (they may exceed 2^63); unsigned 64-bit values as their two's-complement INTEGER. A row that
/// cannot be read raises an error naming it; it is never skipped.
/// </summary>
internal static class SimulatedIcRows
{
    internal sealed class CanisterRow
    {
        public byte[] Id { get; set; } = [];
        public string Controllers { get; set; } = "";
        public long ComputeAllocation { get; set; }
        public long MemoryAllocation { get; set; }
        public long FreezingThreshold { get; set; }
        public string ReservedCyclesLimit { get; set; } = "";
        public string LogVisibility { get; set; } = "";
        public long WasmMemoryLimit { get; set; }
        public string Cycles { get; set; } = "";
        public byte[]? ModuleHash { get; set; }
        public long ModuleSize { get; set; }
        public long MemorySize { get; set; }
        public string Status { get; set; } = "";
        public long Deleted { get; set; }
        public string DiscardedCycles { get; set; } = "";
    }

    internal sealed class BalanceRow
    {
        public byte[] Owner { get; set; } = [];
        public byte[] Subaccount { get; set; } = [];
        public string Cycles { get; set; } = "";
    }

    internal sealed class EntryRow
    {
        public string Key { get; set; } = "";
        public long CreatedAtTime { get; set; }
        public long Block { get; set; }
        public byte[]? CanisterId { get; set; }
    }

    internal sealed class NetworkRow
    {
        public long NextCanisterIndex { get; set; }
        public long NextBlock { get; set; }
        public string Minted { get; set; } = "";
        public string FeesBurned { get; set; } = "";
        public string Discarded { get; set; } = "";
    }

    public static CanisterRow ToRow(SimulatedCanister c) => new()
    {
        Id = c.Id.Bytes.ToArray(),
        Controllers = string.Join(',', c.Settings.Controllers),
        ComputeAllocation = unchecked((long)c.Settings.ComputeAllocation),
        MemoryAllocation = unchecked((long)c.Settings.MemoryAllocation),
        FreezingThreshold = unchecked((long)c.Settings.FreezingThreshold),
        ReservedCyclesLimit = Text(c.Settings.ReservedCyclesLimit),
        LogVisibility = Encode(c.Settings.LogVisibility),
        WasmMemoryLimit = unchecked((long)c.Settings.WasmMemoryLimit),
        Cycles = Text(c.Cycles),
        ModuleHash = c.ModuleHash,
        ModuleSize = unchecked((long)c.ModuleSize),
        MemorySize = unchecked((long)c.MemorySize),
        Status = c.Status.ToString(),
        Deleted = c.Deleted ? 1 : 0,
        DiscardedCycles = Text(c.DiscardedCycles),
    };

    public static SimulatedCanister FromRow(CanisterRow row)
    {
        var id = Principal.FromBytes(row.Id);
        var where = $"canister row {id}";
        var settings = new DefiniteCanisterSettings(
            row.Controllers.Length == 0 ? [] : row.Controllers.Split(',').Select(p => PrincipalOf(p, where)).ToArray(),
            unchecked((ulong)row.ComputeAllocation),
            unchecked((ulong)row.MemoryAllocation),
            unchecked((ulong)row.FreezingThreshold),
            CyclesOf(row.ReservedCyclesLimit, where),
            Decode(row.LogVisibility, where),
            unchecked((ulong)row.WasmMemoryLimit));
        return new SimulatedCanister(id, settings, CyclesOf(row.Cycles, where))
        {
            ModuleHash = row.ModuleHash,
            ModuleSize = unchecked((ulong)row.ModuleSize),
            MemorySize = unchecked((ulong)row.MemorySize),
            Status = Enum.TryParse<CanisterStatus>(row.Status, out var status) && Enum.IsDefined(status)
                ? status
                : throw new InvalidDataException($"The {where} has an unknown status '{row.Status}'."),
            Deleted = row.Deleted != 0,
            DiscardedCycles = CyclesOf(row.DiscardedCycles, where),
        };
    }

    public static BalanceRow ToRow(Account account, Cycles cycles) =>
        new() { Owner = account.Owner.Bytes.ToArray(), Subaccount = account.Subaccount.ToArray(), Cycles = Text(cycles) };

    public static (Account, Cycles) FromRow(BalanceRow row)
    {
        var account = new Account(Principal.FromBytes(row.Owner), row.Subaccount.Length == 0 ? null : row.Subaccount);
        return (account, CyclesOf(row.Cycles, $"balance row {account}"));
    }

    public static EntryRow ToRow(LedgerDeduplicationEntry e) => new()
    {
        Key = e.Key,
        CreatedAtTime = unchecked((long)e.CreatedAtTime),
        Block = unchecked((long)e.Block),
        CanisterId = e.CanisterId?.Bytes.ToArray(),
    };

    public static LedgerDeduplicationEntry FromRow(EntryRow row) => new(
        row.Key,
        unchecked((ulong)row.CreatedAtTime),
        unchecked((ulong)row.Block),
        row.CanisterId is null ? null : Principal.FromBytes(row.CanisterId));

    public static NetworkRow ToRow(NetworkState s) => new()
    {
        NextCanisterIndex = unchecked((long)s.NextCanisterIndex),
        NextBlock = unchecked((long)s.NextBlock),
        Minted = Text(s.Minted),
        FeesBurned = Text(s.FeesBurned),
        Discarded = Text(s.Discarded),
    };

    public static void Load(NetworkRow row, NetworkState s)
    {
        s.NextCanisterIndex = unchecked((ulong)row.NextCanisterIndex);
        s.NextBlock = unchecked((ulong)row.NextBlock);
        s.Minted = CyclesOf(row.Minted, "network row");
        s.FeesBurned = CyclesOf(row.FeesBurned, "network row");
        s.Discarded = CyclesOf(row.Discarded, "network row");
    }

    private static string Text(Cycles cycles) => cycles.Value.ToString(CultureInfo.InvariantCulture);

    private static Cycles CyclesOf(string text, string where) =>
        UInt128.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? new Cycles(value)
            : throw new InvalidDataException($"The {where} holds '{text}' where an amount of cycles belongs.");

    private static Principal PrincipalOf(string text, string where) =>
        Principal.TryParse(text, out var principal)
            ? principal
            : throw new InvalidDataException($"The {where} holds '{text}' where a principal belongs.");

    private const string AllowedViewersPrefix = "allowed_viewers:";

    private static string Encode(LogVisibility visibility) => visibility switch
    {
        LogVisibility.Public => "public",
        LogVisibility.AllowedViewers a => AllowedViewersPrefix + string.Join(',', a.Viewers),
        _ => "controllers",
    };

    private static LogVisibility Decode(string text, string where) => text switch
    {
        "controllers" => new LogVisibility.Controllers(),
        "public" => new LogVisibility.Public(),
        _ when text.StartsWith(AllowedViewersPrefix, StringComparison.Ordinal) => new LogVisibility.AllowedViewers(
            text.Length == AllowedViewersPrefix.Length ? [] : text[AllowedViewersPrefix.Length..].Split(',').Select(p => PrincipalOf(p, where)).ToArray()),
        _ => throw new InvalidDataException($"The {where} has an unknown log visibility '{text}'."),
    };
}
