using Canic.Fsm.Orchestration.Domain;

namespace Canic.Fsm.Orchestration.Runtime;

/// <summary>
/// Record ids (attempts, creations) that increase over the life of a database: milliseconds since
/// the epoch shifted left by 12 bits, bumped past the last one issued. A restart continues above the
/// clock, and an insert that still collides is retried by the caller with the next id.
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
}
