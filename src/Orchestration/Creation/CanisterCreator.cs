using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Effects;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Policy;
using Canic.Fsm.Orchestration.Runtime;

namespace Canic.Fsm.Orchestration.Creation;

/// <summary>
/// Creates canisters through a persisted creation record: the intent (with a fixed created_at_time)
/// is committed by the caller before <see cref="SendAsync"/>, and the caller commits the canister id
/// the moment it is returned. A resend of the same record is deduplicated by the ledger.
/// </summary>
internal sealed class CanisterCreator(OrchestratorConfig config, IdGenerator ids, TimeProvider time, OrchestratorMetrics metrics,
    IcRetry retry, ICyclesLedger ledger, IManagementCanister management)
{
    private long _lastCreatedAtTime;

    /// <summary>A new intent for <paramref name="configured"/> cycles (plus the creation fee), not yet written.</summary>
    public CreationRecord NewIntent(CreationPurpose purpose, string? attemptId, Cycles configured)
    {
        var now = time.GetUtcNow();
        return new CreationRecord(ids.NextText(), purpose, attemptId,
            config.Creation, NextCreatedAtTime(now), config.CreationAmount(configured),
            CreationState.Intent, null, null, now);
    }

    /// <summary>
    /// Every later created_at_time is above <paramref name="issued"/> (the largest one in the database): after a restart whose
    /// clock went back, a new intent that reused an old created_at_time (and amount) would be answered Duplicate with the old
    /// intent's canister, and two records would name one canister.
    /// </summary>
    public void ContinueAbove(ulong issued) => Monotonic.RaiseTo(ref _lastCreatedAtTime, (long)Math.Min(issued, long.MaxValue));

    /// <summary>
    /// created_at_time of a new intent: the clock, bumped past the last one issued. The ledger deduplicates by the whole
    /// request, so two intents of the same amount within one clock tick would otherwise be one creation: the second would
    /// be answered Duplicate with the first one's canister id, and its attempt could never adopt it.
    /// </summary>
    private ulong NextCreatedAtTime(DateTimeOffset now)
    {
        var candidate = (long)IcTime.ToNanoseconds(now);
        while (true)
        {
            var last = Volatile.Read(ref _lastCreatedAtTime);
            var next = Math.Max(candidate, last + 1);
            if (Interlocked.CompareExchange(ref _lastCreatedAtTime, next, last) == last) return (ulong)next;
        }
    }

    /// <summary>
    /// Sends the record's call, retried by the retry policy while its answer is transient or unknown. <paramref name="resumed"/>
    /// says that an earlier send may have happened (a restart, an earlier check): from then on no reject proves that nothing
    /// was created, only the ledger's own answer to a resend with the same created_at_time does (the canister, or TooOld). A
    /// provisional create cannot be deduplicated, so a resumed one is blocked, not resent.
    /// </summary>
    public async Task<CreationOutcome> SendAsync(CreationRecord record, bool resumed, string? role, CancellationToken ct)
    {
        var controllers = ControllerPolicy.Merge(config.Pool.Controllers, management.Caller);
        var settings = new CanisterSettings { Controllers = controllers };
        metrics.RecordCanisterOp(role, CanisterOpsMetricOperation.Create, CanisterMetricOutcome.Started, CanisterMetricReason.NewAllocation);
        var outcome = record.Method == CreationMethod.Ledger
            ? await ViaLedgerAsync(record, settings, resumed, ct).ConfigureAwait(false)
            : resumed
                ? new CreationOutcome.Blocked("provisional_create_canister_with_cycles may have run before the restart and cannot be deduplicated: check the subnet for an untracked canister")
                : await ProvisionalAsync(record, settings, ct).ConfigureAwait(false);
        var (metricOutcome, reason) = outcome switch
        {
            CreationOutcome.Created => (CanisterMetricOutcome.Completed, CanisterMetricReason.Ok),
            CreationOutcome.Wait w when w.Reason.StartsWith("insufficient", StringComparison.Ordinal) => (CanisterMetricOutcome.Skipped, CanisterMetricReason.Cycles),
            CreationOutcome.Wait or CreationOutcome.Unknown => (CanisterMetricOutcome.Skipped, CanisterMetricReason.ManagementCall),
            _ => (CanisterMetricOutcome.Failed, CanisterMetricReason.ManagementCall),
        };
        metrics.RecordCanisterOp(role, CanisterOpsMetricOperation.Create, metricOutcome, reason);
        return outcome;
    }

    private async Task<CreationOutcome> ViaLedgerAsync(CreationRecord record, CanisterSettings settings, bool resumed, CancellationToken ct)
    {
        var mayHaveApplied = resumed;
        var retried = await retry.RunAsync("create_canister", async token =>
        {
            var outcome = await ViaLedgerOnceAsync(record, settings, mayHaveApplied, token).ConfigureAwait(false);
            if (outcome is CreationOutcome.Unknown) mayHaveApplied = true;
            return outcome;
        }, (outcome, _) => outcome switch
        {
            CreationOutcome.Transient => IcRetry.TransientReject,
            CreationOutcome.Unknown => IcRetry.UnknownOutcome,
            _ => null,
        }, ct).ConfigureAwait(false);
        if (!retried.BudgetSpent) return retried.Value;
        var last = retried.Value is CreationOutcome.Transient t ? t.Reason : ((CreationOutcome.Unknown)retried.Value).Reason;
        return mayHaveApplied
            ? new CreationOutcome.Unknown($"retry budget spent after {retried.Sends} send(s) and an earlier send may have applied: {last}")
            : new CreationOutcome.Refused($"retry budget spent after {retried.Sends} send(s), none applied: {last}");
    }

    private async Task<CreationOutcome> ViaLedgerOnceAsync(CreationRecord record, CanisterSettings settings, bool mayHaveApplied, CancellationToken ct)
    {
        CreateCanisterResult result;
        try
        {
            result = await ledger.CreateCanisterAsync(
                new CreateCanisterArgs(record.Amount, record.CreatedAtTime, CreationArgs: new CmcCreateCanisterArgs(settings)), ct).ConfigureAwait(false);
        }
        catch (IcUnknownOutcomeException e) { return new CreationOutcome.Unknown(e.Message); }
        catch (IcRejectException e) when (e.Code == RejectCode.SysTransient) { return new CreationOutcome.Transient($"ledger create_canister: {e.Message}"); }
        catch (IcRejectException e)
        {
            // A reject says this send did nothing; after a send that may have applied it proves nothing about that one.
            return mayHaveApplied
                ? new CreationOutcome.Unknown($"ledger create_canister rejected after a send that may have applied (not proof that nothing was created): {e.Message}")
                : new CreationOutcome.Refused($"definitive reject of ledger create_canister: {e.Message}");
        }
        // The ledger's own answers come after its deduplication: had an earlier send applied, the answer would be Duplicate.
        return result switch
        {
            CreateCanisterResult.Ok ok => new CreationOutcome.Created(ok.Value.CanisterId),
            CreateCanisterResult.Err { Error: CreateCanisterError.Duplicate { CanisterId: { } pid } } => new CreationOutcome.Created(pid),
            CreateCanisterResult.Err { Error: CreateCanisterError.Duplicate d } =>
                new CreationOutcome.Blocked($"the ledger reports a duplicate of block {d.DuplicateOf} without a canister id"),
            CreateCanisterResult.Err { Error: CreateCanisterError.TooOld } => mayHaveApplied
                ? new CreationOutcome.Blocked($"TooOld: created_at_time {record.CreatedAtTime} is past the ledger's dedup window and the outcome of an earlier send is unknown")
                : new CreationOutcome.Refused($"TooOld: created_at_time {record.CreatedAtTime} is past the ledger's dedup window and no earlier send may have applied"),
            CreateCanisterResult.Err { Error: CreateCanisterError.InsufficientFunds f } =>
                new CreationOutcome.Wait($"insufficient funds on the cycles ledger: balance {f.Balance}, {record.Amount} needed"),
            CreateCanisterResult.Err { Error: CreateCanisterError.TemporarilyUnavailable } => new CreationOutcome.Transient("the cycles ledger is temporarily unavailable"),
            CreateCanisterResult.Err { Error: CreateCanisterError.CreatedInFuture f } => new CreationOutcome.Wait($"created_at_time is ahead of the ledger time {f.LedgerTime}"),
            CreateCanisterResult.Err { Error: CreateCanisterError.FailedToCreate f } => new CreationOutcome.Refused($"the ledger failed to create the canister: {f.Error}"),
            CreateCanisterResult.Err { Error: CreateCanisterError.GenericError g } => new CreationOutcome.Refused($"ledger error {g.ErrorCode}: {g.Message}"),
            _ => new CreationOutcome.Refused($"unexpected ledger answer {result}"),
        };
    }

    private async Task<CreationOutcome> ProvisionalAsync(CreationRecord record, CanisterSettings settings, CancellationToken ct)
    {
        try
        {
            // Transient rejects are retried (a reject did nothing); an unknown outcome is not: it cannot be deduplicated.
            var created = await retry.CallAsync("provisional_create_canister_with_cycles", idempotent: false, token =>
                management.ProvisionalCreateCanisterWithCyclesAsync(new ProvisionalCreateCanisterWithCyclesArgs(record.Amount, settings), token), ct).ConfigureAwait(false);
            return new CreationOutcome.Created(created.CanisterId);
        }
        catch (IcRejectException e) { return new CreationOutcome.Refused($"definitive reject: {e.Message}"); }
        catch (IcRetryBudgetSpentException e) { return new CreationOutcome.Refused(e.Message); }
        catch (IcUnknownOutcomeException e)
        {
            return new CreationOutcome.Blocked($"provisional_create_canister_with_cycles outcome unknown and not deduplicable: {e.Reason}");
        }
    }
}
