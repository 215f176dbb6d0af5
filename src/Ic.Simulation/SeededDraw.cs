namespace Canic.Fsm.Ic.Simulation;

/// <summary>
/// A short deterministic random sequence for one call, from SplitMix64 over (seed, method, call number):
/// independent of thread interleaving and of the runtime's <see cref="System.Random"/> algorithm.
/// </summary>
internal struct SeededDraw(int seed, IcMethod method, long callNumber)
{
    private ulong _state = ((ulong)(uint)seed << 32) ^ ((ulong)method << 56) ^ (ulong)callNumber;

    /// <summary>A double in [0, 1).</summary>
    public double Next() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An index in [0, count).</summary>
    public int NextIndex(int count) => (int)(NextUInt64() % (ulong)count);

    private ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
