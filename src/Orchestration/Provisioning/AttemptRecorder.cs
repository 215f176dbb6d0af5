using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Pool;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Store;

namespace Canic.Fsm.Orchestration.Provisioning;

/// <summary>
/// The one way an attempt changes: a unit of work whose compare-and-set moves it from the state its machine last committed
/// (with a history row), together with the rows that belong with the move; once committed, the machine knows the new
/// attempt. Changes of interest are reported after their commit.
/// </summary>
internal sealed class AttemptRecorder(Persistence persistence, PoolCanisters pool, TransitionLog transitions)
{
    /// <summary>
    /// Commits the move of <paramref name="machine"/>'s attempt to <paramref name="next"/> (history reason
    /// <paramref name="reason"/>), after <paramref name="alsoInUnit"/>'s writes in the same unit of work.
    /// </summary>
    public async Task MoveAsync(AttemptMachine machine, ProvisioningAttempt next, string? reason, Action<StoreTransaction>? alsoInUnit = null)
    {
        var current = machine.Attempt;
        machine.Committed(await persistence.CommitAsync(tx =>
        {
            alsoInUnit?.Invoke(tx);
            return Move(tx, current, next, reason);
        }).ConfigureAwait(false));
    }

    /// <summary>
    /// Commits a unit of work that changes pool rows too: <paramref name="work"/> records them and returns the moved attempt
    /// (through <see cref="Move"/>); the rows' machines are told once it has committed.
    /// </summary>
    public async Task MoveWithPoolAsync(AttemptMachine machine, Func<StoreTransaction, PoolChangeSet, ProvisioningAttempt> work) =>
        machine.Committed(await pool.CommitAsync(work).ConfigureAwait(false));

    /// <summary>The compare-and-set of an attempt from <paramref name="current"/>'s state to <paramref name="next"/>, inside a unit of work.</summary>
    public static ProvisioningAttempt Move(StoreTransaction tx, ProvisioningAttempt current, ProvisioningAttempt next, string? reason)
    {
        StoreTransaction.Require(tx.Attempts.TryTransition(next, current.State, reason), $"attempt {current.Id} {current.State} -> {next.State}");
        return next;
    }

    /// <summary>Reports the machine's attempt as committed, coming from <paramref name="from"/>.</summary>
    public void Report(AttemptMachine machine, AttemptState from, string? reason = null) => Report(machine.Attempt, from, reason);

    /// <summary>Reports a committed attempt coming from <paramref name="from"/> (the empty string: new).</summary>
    public void Report(ProvisioningAttempt attempt, AttemptState? from, string? reason = null) =>
        transitions.Report("attempt", attempt.Id, from?.ToString() ?? "", attempt.State.ToString(), reason);
}
