using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Runtime;

namespace Canic.Fsm.Orchestration.Provisioning;

/// <summary>
/// Waits until an attempt will not move again on its own (Committed, Failed or Blocked). While its machine runs, the
/// wait follows the machine; an unfinished attempt without a machine has stalled (the IC refused or did not answer), so
/// the periodic check is asked to resume it and the store is read again a little later, rather than spinning.
/// </summary>
internal sealed class AttemptCompletion(Persistence persistence, AttemptRunner runner, Action requestCheck)
{
    private static readonly TimeSpan StalledAttemptPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>Completes with the finished attempt, or null when no attempt has this id.</summary>
    public async Task<ProvisioningAttempt?> WaitAsync(string attemptId, CancellationToken ct)
    {
        while (true)
        {
            var attempt = persistence.Read(r => r.Attempts.Get(attemptId));
            if (attempt is null || IsFinished(attempt.State)) return attempt;
            var settled = runner.WhenSettledAsync(attemptId);
            if (settled.IsCompleted)
            {
                requestCheck();
                await Task.Delay(StalledAttemptPoll, ct).ConfigureAwait(false);
                continue;
            }
            await settled.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>True for the states an attempt does not leave on its own.</summary>
    public static bool IsFinished(AttemptState state) => state is AttemptState.Committed or AttemptState.Failed or AttemptState.Blocked;
}
