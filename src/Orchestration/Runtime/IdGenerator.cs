using Canic.Fsm.Orchestration.Domain;

namespace Canic.Fsm.Orchestration.Runtime;

/// <summary>
/// Record ids (attempts, creations) that increase over the life of a database: milliseconds since
/// the epoch shifted left by 12 bits, bumped past the last one issued. The orchestrator seeds it with
/// the largest id the database holds (<see cref="ContinueAbove"/>), so that a restart whose clock went
/// back, or a later process on the same file, still issues ids nothing has used; the worker's file lock
/// keeps a second process off the database meanwhile.
/// </summary>
internal sealed class IdGenerator(TimeProvider time)
{
    private long _last;

    /// <summary>The next id, as the store keys it.</summary>
    public string NextText() => RecordId.ToText(Next());

    public long Next()
    {
        var candidate = time.GetUtcNow().ToUnixTimeMilliseconds() << 12;
        while (true)
        {
            var last = Volatile.Read(ref _last);
            var next = Math.Max(candidate, last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last) return next;
        }
    }

    /// <summary>Every later id is above <paramref name="issued"/> (the largest id already in the database).</summary>
    public void ContinueAbove(long issued) => Monotonic.RaiseTo(ref _last, issued);
}

/// <summary>Lock-free "raise to at least" of a counter shared by threads.</summary>
internal static class Monotonic
{
    public static void RaiseTo(ref long value, long floor)
    {
        while (true)
        {
            var current = Volatile.Read(ref value);
            if (current >= floor || Interlocked.CompareExchange(ref value, floor, current) == current) return;
        }
    }
}
