using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Worker.Hosting;

namespace Canic.Fsm.Worker.Dashboard;

/// <summary>
/// The last <see cref="Capacity"/> transitions since the worker started, numbered, so that the dashboard can poll for
/// what is new (<c>GET /api/transitions?after=</c>): the committed changes of interest (machine <c>pool</c>,
/// <c>attempt</c>, <c>creation</c>, <c>worker</c>) and the states each pool canister machine entered (machine
/// <c>pool-canister</c>, in the words of its chart), which show the states a pool entry has passed through (the pool
/// table keeps only the current status). In memory only: a restart starts empty.
/// </summary>
internal sealed class TransitionFeed
{
    /// <summary>How many transitions are kept; older ones are dropped.</summary>
    public const int Capacity = 5000;

    private readonly Queue<Entry> _entries = new();
    private long _last;

    public TransitionFeed(OrchestratorAccessor accessor) =>
        accessor.WhenOpen.ContinueWith(
            opened =>
            {
                opened.Result.Transition += (_, t) => Add(t, DateTimeOffset.UtcNow);
                opened.Result.MachineTransition += (_, t) => Add(t, DateTimeOffset.UtcNow);
            },
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    /// <summary>The number of the newest transition (0 before the first).</summary>
    public long Last
    {
        get { lock (_entries) return _last; }
    }

    public void Add(OrchestratorTransition transition, DateTimeOffset at)
    {
        lock (_entries)
        {
            _entries.Enqueue(new Entry(++_last, transition.Machine, transition.Id, transition.From, transition.To, transition.Reason, at));
            if (_entries.Count > Capacity) _entries.Dequeue();
        }
    }

    /// <summary>The kept transitions numbered above <paramref name="after"/>, oldest first, optionally of one record, at most <paramref name="limit"/> (the newest).</summary>
    public IReadOnlyList<Entry> After(long after, string? machine, string? id, int limit)
    {
        lock (_entries)
        {
            var matching = _entries.Where(e => e.Seq > after
                && (machine is null || e.Machine == machine)
                && (id is null || e.Id == id)).ToList();
            return matching.Count > limit ? matching[^limit..] : matching;
        }
    }

    /// <summary>One transition, as the dashboard reads it.</summary>
    public sealed record Entry(long Seq, string Machine, string Id, string From, string To, string? Reason, DateTimeOffset At);
}
