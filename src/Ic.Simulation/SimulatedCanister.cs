using System.Security.Cryptography;

namespace Canic.Fsm.Ic.Simulation;

/// <summary>One canister of the simulated IC and the rules of its lifecycle. Guarded by the network's lock.</summary>
internal sealed class SimulatedCanister(Principal id, DefiniteCanisterSettings settings, Cycles cycles)
{
    public Principal Id { get; } = id;
    public DefiniteCanisterSettings Settings { get; set; } = settings;
    public Cycles Cycles { get; set; } = cycles;
    public byte[]? ModuleHash { get; set; }
    public ulong ModuleSize { get; set; }
    public ulong MemorySize { get; set; }
    public CanisterStatus Status { get; set; } = CanisterStatus.Running;
    public bool Deleted { get; set; }
    public Cycles DiscardedCycles { get; set; }

    public bool IsController(Principal caller) => Settings.Controllers.Contains(caller);

    /// <summary>install_code: install needs an empty canister, upgrade a non-empty one; reinstall takes either.</summary>
    public void Install(CanisterInstallMode mode, byte[] module)
    {
        if (module.Length == 0) throw ManagementRejects.EmptyModule(Id);
        // Stable memory survives an upgrade; install and reinstall start from the module alone.
        var keptData = 0UL;
        switch (mode)
        {
            case CanisterInstallMode.Install when ModuleHash is not null:
                throw ManagementRejects.AlreadyInstalled(Id);
            case CanisterInstallMode.Upgrade when ModuleHash is null:
                throw ManagementRejects.NoModule(Id);
            case CanisterInstallMode.Upgrade:
                keptData = MemorySize > ModuleSize ? MemorySize - ModuleSize : 0;
                break;
        }
        ModuleHash = SHA256.HashData(module);
        ModuleSize = (ulong)module.Length;
        MemorySize = ModuleSize + keptData;
    }

    /// <summary>uninstall_code: the module and memory go; cycles, controllers and status stay.</summary>
    public void Uninstall()
    {
        ModuleHash = null;
        ModuleSize = 0;
        MemorySize = 0;
    }

    /// <summary>delete_canister: only when stopped; the cycles are discarded.</summary>
    public Cycles Delete()
    {
        if (Status != CanisterStatus.Stopped) throw ManagementRejects.NotStopped(Id);
        var discarded = Cycles;
        DiscardedCycles = discarded;
        Cycles = Cycles.Zero;
        Uninstall();
        Deleted = true;
        return discarded;
    }

    public CanisterStatusResult ToStatus() =>
        new(Status, Settings, ModuleHash, MemorySize, Cycles, Cycles.Zero, Cycles.Zero);

    public CanisterSnapshot ToSnapshot() =>
        new(Id, Settings.Controllers, Cycles, ModuleHash, Status, Deleted, MemorySize, DiscardedCycles);
}
