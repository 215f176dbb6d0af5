namespace Canic.Fsm.Orchestration.Api;

/// <summary>Validates listing arguments with clear errors.</summary>
internal static class PagingGuard
{
    public const int MaxLimit = 1000;

    public static void Check(int offset, int limit)
    {
        if (offset < 0) throw new OrchestratorInputException("offset", $"offset must be 0 or more, got {offset}.");
        if (limit is < 1 or > MaxLimit) throw new OrchestratorInputException("limit", $"limit must be between 1 and {MaxLimit}, got {limit}.");
    }

    /// <summary>The enum value named <paramref name="text"/> (case-insensitive), null for null, or a clear error.</summary>
    public static TEnum? ParseState<TEnum>(string? text, string field) where TEnum : struct, Enum =>
        text is null ? null
            : Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _) ? value
            : throw new OrchestratorInputException(field, $"Unknown {field} '{text}' (known: {string.Join(", ", Enum.GetNames<TEnum>())}).");
}
