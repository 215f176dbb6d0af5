using System.Diagnostics;
using System.Security.Cryptography;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace Canic.Fsm.Ic.Simulation.Tests;

/// <summary>A fresh in-memory network on a fake clock (timers fire when it is advanced), with the orchestrator's ports and a few helpers.</summary>
public abstract class SimulatedIcTestBase
{
    protected static readonly Principal Orchestrator = Principal.FromBytes([0xAA, 0x01, 0x02]);
    /// <summary>Where every network's clock starts; it moves only when a test advances it.</summary>
    internal static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    protected static readonly Principal Stranger = Principal.FromBytes([0xBB, 0x09]);

    protected FakeTimeProvider Clock { get; private set; } = null!;
    protected SimulatedIc Sim { get; private set; } = null!;
    protected IManagementCanister Management { get; private set; } = null!;
    protected ICyclesLedger Ledger { get; private set; } = null!;

    protected virtual SimulatedIcOptions Options => new();

    [SetUp]
    public void CreateNetwork()
    {
        Clock = new FakeTimeProvider(Start);
        Sim = new SimulatedIc(Options, Clock);
        Management = Sim.ManagementCanisterFor(Orchestrator);
        Ledger = Sim.CyclesLedgerFor(Orchestrator);
    }

    [TearDown]
    public void DisposeNetwork() => Sim.Dispose();

    protected ulong Now => IcTime.ToNanoseconds(Clock.GetUtcNow());

    protected static byte[] Module(int size, byte fill = 0x61)
    {
        var module = Enumerable.Repeat(fill, size).ToArray();
        "\0asm"u8.CopyTo(module);
        return module;
    }

    protected static byte[] HashOf(byte[] module) => SHA256.HashData(module);

    protected async Task<Principal> CreateCanisterAsync(string cycles = "5T") =>
        (await Management.ProvisionalCreateCanisterWithCyclesAsync(new(Cycles.Parse(cycles)))).CanisterId;

    protected Task<CanisterStatusResult> StatusAsync(Principal id) => Management.CanisterStatusAsync(new(id));

    protected static async Task<IcRejectException> RejectOf(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (IcRejectException e)
        {
            return e;
        }
        Assert.Fail("The call was expected to be rejected.");
        throw new UnreachableException();
    }
}
