namespace Canic.Fsm.Orchestration.Store;

/// <summary>A compare-and-set found the row absent or in another state; the unit of work that required it was rolled back.</summary>
/// <param name="change">The change that did not apply.</param>
public sealed class ConcurrencyConflictException(string change)
    : Exception($"Compare-and-set conflict: {change} did not apply (the row is absent or no longer in the expected state); nothing was committed.");
