namespace Canic.Fsm.Ic.Candid;

/// <summary>
/// Bounds on what a decoder accepts, so that a hostile message costs bounded time and memory: the spec warns
/// that a short message can describe a huge value (a <c>vec null</c> of length 2^32 is five bytes).
/// </summary>
public sealed record CandidDecodeLimits
{
    /// <summary>The defaults: 4 MiB messages (the IC's reply limit is 2 MiB), depth 64, 10,000 table entries, 2 million values.</summary>
    public static CandidDecodeLimits Default { get; } = new();

    /// <summary>The largest message, in bytes.</summary>
    public int MaxMessageBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The deepest nesting of types and values.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The most type table entries and fields, all entries together.</summary>
    public int MaxTypeTableEntries { get; init; } = 10_000;

    /// <summary>The most values decoded or skipped in one message (zero-sized values included).</summary>
    public long MaxValues { get; init; } = 2_000_000;
}
