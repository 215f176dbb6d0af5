using System.Collections.Frozen;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.StateMachine;

namespace Canic.Fsm.Orchestration.Provisioning;

/// <summary>
/// How an attempt found in the store is resumed: one row per persisted <see cref="AttemptState"/>, the only place that maps
/// the persisted vocabulary to the machine's. A state without a resume (null) is never resumed: Committed and Failed are
/// terminal, Blocked waits for the operator. Tests check that every persisted state has a row and that every resume is
/// a state the chart declares initial.
/// </summary>
internal static class AttemptResumption
{
    private static readonly FrozenDictionary<AttemptState, Func<ProvisioningAttempt, CreationRecord?, State>?> Table =
        new Dictionary<AttemptState, Func<ProvisioningAttempt, CreationRecord?, State>?>
        {
            // Requested and ModuleResolved are written inside the request's own unit of work, which ends Reserved or
            // Failed: found in the store, the unit was not ours. Nothing was reserved; the compensation closes the attempt.
            [AttemptState.Requested] = (a, _) => new CompensatingState($"interrupted in {a.State} before its reservation was made"),
            [AttemptState.ModuleResolved] = (a, _) => new CompensatingState($"interrupted in {a.State} before its reservation was made"),
            // The creation intent is the ledger call's deduplication key: resend it, with the same created_at_time.
            [AttemptState.Reserved] = (_, creation) => creation is { State: CreationState.Intent }
                ? new AllocatingState(creation, resumed: true)
                : new ReservedState(),
            // update_settings is idempotent: set the controllers again.
            [AttemptState.Allocated] = (_, _) => new AllocatedState(),
            // install_code may have applied: the module hash decides before anything is sent again.
            [AttemptState.Installing] = (_, _) => new InstallingState(reconcileFirst: true),
            // A persisted Compensating is the delete's intent: the delete may have happened, so it is finished, not re-planned.
            [AttemptState.Compensating] = (a, _) => new CompensatingState(a.FailureReason ?? "compensation resumed after a restart"),
            [AttemptState.Committed] = null,
            [AttemptState.Failed] = null,
            [AttemptState.Blocked] = null,
        }.ToFrozenDictionary();

    /// <summary>The persisted states the table knows (all of them; a test holds it to the enum).</summary>
    public static IEnumerable<AttemptState> Known => Table.Keys;

    /// <summary>True when an attempt found in <paramref name="state"/> is resumed by a machine.</summary>
    public static bool Resumes(AttemptState state) => Table.GetValueOrDefault(state) is not null;

    /// <summary>The state to resume a persisted, unfinished attempt in (<paramref name="creation"/>: its creation record, if any).</summary>
    /// <exception cref="InvalidOperationException">The attempt's state is not resumed (see <see cref="Resumes"/>).</exception>
    public static State ResumeState(ProvisioningAttempt attempt, CreationRecord? creation) =>
        Table.GetValueOrDefault(attempt.State) is { } resume
            ? resume(attempt, creation)
            : throw new InvalidOperationException($"attempt {attempt.Id} is {attempt.State}: not resumed");
}
