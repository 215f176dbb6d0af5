namespace Canic.Fsm.Orchestration.Runtime;

/// <summary>
/// Observes every unit of work of one orchestrator, before it is written and after it is committed. The product passes
/// <see cref="NoCommitObserver"/>; the crash-point sweep and the commit-failure tests pass their own (through the internal
/// open path only), which may throw to refuse a unit or to simulate a crash right after one.
/// </summary>
internal interface ICommitObserver
{
    /// <summary>Called before a unit of work is written; may throw to refuse it.</summary>
    void BeforeCommit();

    /// <summary>Called after a unit of work is committed; may throw to simulate a crash right after it.</summary>
    void AfterCommit();
}

/// <summary>Observes nothing.</summary>
internal sealed class NoCommitObserver : ICommitObserver
{
    public static readonly NoCommitObserver Instance = new();
    public void BeforeCommit() { }
    public void AfterCommit() { }
}
