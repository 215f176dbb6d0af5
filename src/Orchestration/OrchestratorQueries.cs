using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Pool;
using Canic.Fsm.Orchestration.Provisioning;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Store;

namespace Canic.Fsm.Orchestration;

/// <summary>
/// The read side of the facade: each answer is read in one snapshot of the store and mapped to the facade's views. Pool
/// entries also show the state of their machine.
/// </summary>
internal sealed class OrchestratorQueries(Persistence persistence, OrchestratorConfig config, PoolCanisters canisters)
{
    public PoolSummaryView GetPoolSummary()
    {
        var (counts, intents, blocked) = persistence.Read(r =>
            (r.Pool.CountByStatus(), r.Creations.Count(CreationState.Intent), r.Creations.Count(CreationState.Blocked)));
        return new PoolSummaryView(counts.ToDictionary(c => c.Key.ToString(), c => c.Value), counts.Values.Sum(), counts[PoolEntryStatus.Ready],
            config.Pool.MinimumSize, config.Pool.MaximumSize, intents, blocked);
    }

    public PageView<PoolEntryView> ListPoolEntries(string? status, int offset, int limit)
    {
        PagingGuard.Check(offset, limit);
        var filter = PagingGuard.ParseState<PoolEntryStatus>(status, "status");
        return persistence.Read(r =>
        {
            var counts = r.Pool.CountByStatus();
            var total = filter is { } f ? counts[f] : counts.Values.Sum();
            var items = new List<PoolEntryView>();
            var skipped = 0;
            PoolCursor? cursor = null;
            do
            {
                var page = r.Pool.Page(filter, cursor, PagingGuard.MaxLimit);
                foreach (var entry in page.Items)
                {
                    if (skipped++ < offset) continue;
                    if (items.Count < limit) items.Add(entry.ToView(canisters.StateOf(entry.Pid)));
                }
                cursor = page.Next;
            } while (cursor is not null && items.Count < limit);
            return new PageView<PoolEntryView>(items, total, offset, limit);
        });
    }

    public PoolEntryView? GetPoolEntry(string pid)
    {
        var principal = PrincipalInput.Parse(pid, "pid");
        return persistence.Read(r => r.Pool.Get(principal))?.ToView(canisters.StateOf(principal));
    }

    public PageView<CreationView> ListCreations(string? state, int offset, int limit)
    {
        PagingGuard.Check(offset, limit);
        var filter = PagingGuard.ParseState<CreationState>(state, "state");
        var page = persistence.Read(r => r.Creations.Page(filter, offset, limit));
        return new PageView<CreationView>(page.Items.Select(c => c.ToView()).ToList(), page.Total, offset, limit);
    }

    public PageView<AttemptView> ListAttempts(string? state, int offset, int limit)
    {
        PagingGuard.Check(offset, limit);
        var filter = PagingGuard.ParseState<AttemptState>(state, "state");
        var (items, total) = persistence.Read(r =>
        {
            var page = r.Attempts.Page(filter, offset, limit);
            return (page.Items.Select(a => a.ToView(null, a.ReservationId is { } res ? r.Reservations.Get(res) : null)).ToList(), page.Total);
        });
        return new PageView<AttemptView>(items, total, offset, limit);
    }

    public AttemptView? GetAttempt(long attemptId)
    {
        var id = RecordId.ToText(attemptId);
        return persistence.Read(r => r.Attempts.Get(id) is { } a
            ? a.ToView(r.Attempts.History(id), a.ReservationId is { } res ? r.Reservations.Get(res) : null)
            : null);
    }

    public IReadOnlyList<BudgetView> ListBudgets() => persistence.Read(r => config.Roles.Keys.Order(StringComparer.Ordinal)
        .Select(id => r.Reservations.GetBudget(id) is { } b ? b.ToView(r.Reservations.Check(id)) : null).OfType<BudgetView>().ToList());

    public PageView<ReservationView> ListReservations(bool openOnly, int offset, int limit)
    {
        PagingGuard.Check(offset, limit);
        var page = persistence.Read(r => r.Reservations.Page(openOnly, offset, limit));
        return new PageView<ReservationView>(page.Items.Select(x => x.ToView()).ToList(), page.Total, offset, limit);
    }

    public IReadOnlyList<ScalingPoolView> ListScalingPools() =>
        config.Scaling?.Pools.Keys.Order(StringComparer.Ordinal).Select(p => GetScalingPool(p)!).ToList() ?? [];

    public ScalingPoolView? GetScalingPool(string pool)
    {
        if (pool is null || config.Scaling?.Pools.TryGetValue(pool, out var settings) != true) return null;
        var workers = persistence.Read(r => r.ScalingWorkers.ListByPool(pool)).OrderBy(w => w.Seq).ToList();
        var current = workers.LastOrDefault(w => w.IsCurrent && w.Status == ScalingWorkerStatus.Registered);
        var views = workers.Select((w, i) => new ScalingWorkerView(i, w.IsCurrent ? w.Status.ToString() : "Retired", w.Pid?.ToString(),
            RecordId.ToNumber(w.AttemptId), ReferenceEquals(w, current), w.PlannedAt)).ToList();
        return new ScalingPoolView(pool, settings!.CanisterRole, settings.MinWorkers, settings.MaxWorkers, (long?)settings.CapacityBytes,
            current?.Pid?.ToString(), views);
    }

    public static IReadOnlyList<MachineChartView> GetCharts() =>
    [
        new(PoolCanisterMachine.Chart.Name, PoolCanisterMachine.Chart.ToMermaid(), PoolCanisterMachine.Chart.ToDot()),
        new(AttemptMachine.Chart.Name, AttemptMachine.Chart.ToMermaid(), AttemptMachine.Chart.ToDot()),
    ];
}
