using System.Collections.Concurrent;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Ic;

namespace Canic.Fsm.Orchestration.Pool;

/// <summary>
/// The live pool canister machines, at most one per canister: a reset asked for a canister already
/// being reset joins the running one.
/// </summary>
internal sealed class PoolCanisters(CanisterReset reset)
{
    private readonly ConcurrentDictionary<Principal, PoolCanisterMachine> _machines = new();

    public int Running => _machines.Count;

    /// <summary>Resets the canister whose row is in <paramref name="from"/>; null when interrupted.</summary>
    public async Task<PoolResetResult?> ResetAsync(Principal pid, PoolEntryStatus from)
    {
        var created = new PoolCanisterMachine(reset, pid);
        var machine = _machines.GetOrAdd(pid, created);
        if (!ReferenceEquals(machine, created)) return await machine.Outcome.ConfigureAwait(false);
        try
        {
            machine.Start(from == PoolEntryStatus.Recycling ? new RecyclingState() : new PendingResetState());
            machine.Schedule(PoolCanisterMachine.BeginReset);
            var outcome = await Task.WhenAny(machine.Outcome, machine.Faulted).ConfigureAwait(false);
            return outcome == machine.Outcome ? machine.Outcome.Result : null;
        }
        finally
        {
            await machine.StopAsync().ConfigureAwait(false);
            _machines.TryRemove(pid, out _);
        }
    }

    /// <summary>Stops every machine (their rows keep their persisted status).</summary>
    public Task StopAllAsync() => Task.WhenAll(_machines.Values.Select(m => m.StopAsync()));
}
