namespace Canic.Fsm.Orchestration.Runtime;

/// <summary>
/// Observation points around every store commit, for tests and benchmarks (commit counting, the
/// crash-point harness). The default does nothing.
/// </summary>
internal interface IOrchestratorHooks
{
    /// <summary>Called before a unit of work is written; may throw to refuse it.</summary>
    void BeforeCommit();

    /// <summary>Called after a unit of work is committed; may throw to simulate a crash right after it.</summary>
    void AfterCommit();
}

/// <summary>Hooks that do nothing.</summary>
internal sealed class NoHooks : IOrchestratorHooks
{
    public static readonly NoHooks Instance = new();
    public void BeforeCommit() { }
    public void AfterCommit() { }
}
