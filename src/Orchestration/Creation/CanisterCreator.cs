using Canic.Fsm.Orchestration.Domain;
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
internal sealed class CanisterCreator(OrchestratorContext context)
{
    private long _lastCreatedAtTime;

    /// <summary>A new intent for <paramref name="configured"/> cycles (plus the creation fee), not yet written.</summary>
    public CreationRecord NewIntent(CreationPurpose purpose, string? attemptId, Cycles configured)
    {
        var now = context.Time.GetUtcNow();
        return new CreationRecord(context.Ids.NextText(), purpose, attemptId,
            context.Config.Creation, NextCreatedAtTime(now), context.Config.CreationAmount(configured),
            CreationState.Intent, null, null, now);
    }

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
    /// Sends the record's call. <paramref name="resumed"/> says that an earlier send may have happened
    /// (after a restart): a provisional create cannot be deduplicated, so it is then blocked, not resent.
    /// </summary>
    public async Task<CreationOutcome> SendAsync(CreationRecord record, bool resumed, string? role, CancellationToken ct)
    {
        var controllers = ControllerPolicy.Merge(context.Config.Pool.Controllers, context.Self);
        var settings = new CanisterSettings { Controllers = controllers };
        context.Metrics.RecordCanisterOp(role, CanisterOpsMetricOperation.Create, CanisterOpsMetricOutcome.Started, CanisterOpsMetricReason.NewAllocation);
        var outcome = record.Method == CreationMethod.Ledger
            ? await ViaLedgerAsync(record, settings, ct).ConfigureAwait(false)
            : resumed
                ? new CreationOutcome.Blocked("provisional_create_canister_with_cycles may have run before the restart and cannot be deduplicated: check the subnet for an untracked canister")
                : await ProvisionalAsync(record, settings, ct).ConfigureAwait(false);
        var (metricOutcome, reason) = outcome switch
        {
            CreationOutcome.Created => (CanisterOpsMetricOutcome.Completed, CanisterOpsMetricReason.Ok),
            CreationOutcome.Wait w when w.Reason.StartsWith("insufficient", StringComparison.Ordinal) => (CanisterOpsMetricOutcome.Skipped, CanisterOpsMetricReason.Cycles),
            CreationOutcome.Wait => (CanisterOpsMetricOutcome.Skipped, CanisterOpsMetricReason.ManagementCall),
            _ => (CanisterOpsMetricOutcome.Failed, CanisterOpsMetricReason.ManagementCall),
        };
        context.Metrics.RecordCanisterOp(role, CanisterOpsMetricOperation.Create, metricOutcome, reason);
        return outcome;
    }

    private async Task<CreationOutcome> ViaLedgerAsync(CreationRecord record, CanisterSettings settings, CancellationToken ct)
    {
        CreateCanisterResult result;
        try
        {
            result = await context.Ledger.CreateCanisterAsync(
                new CreateCanisterArgs(record.Amount, record.CreatedAtTime, CreationArgs: new CmcCreateCanisterArgs(settings)), ct).ConfigureAwait(false);
        }
        catch (IcUnknownOutcomeException e) { return new CreationOutcome.Unknown(e.Message); }
        catch (IcRejectException e) { return new CreationOutcome.Wait($"ledger create_canister rejected: {e.Message}"); }
        return result switch
        {
            CreateCanisterResult.Ok ok => new CreationOutcome.Created(ok.Value.CanisterId),
            CreateCanisterResult.Err { Error: CreateCanisterError.Duplicate { CanisterId: { } pid } } => new CreationOutcome.Created(pid),
            CreateCanisterResult.Err { Error: CreateCanisterError.Duplicate d } =>
                new CreationOutcome.Blocked($"the ledger reports a duplicate of block {d.DuplicateOf} without a canister id"),
            CreateCanisterResult.Err { Error: CreateCanisterError.TooOld } =>
                new CreationOutcome.Blocked($"TooOld: created_at_time {record.CreatedAtTime} is past the ledger's dedup window and the outcome of an earlier send is unknown"),
            CreateCanisterResult.Err { Error: CreateCanisterError.InsufficientFunds f } =>
                new CreationOutcome.Wait($"insufficient funds on the cycles ledger: balance {f.Balance}, {record.Amount} needed"),
            CreateCanisterResult.Err { Error: CreateCanisterError.TemporarilyUnavailable } => new CreationOutcome.Wait("the cycles ledger is temporarily unavailable"),
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
            var created = await context.Management.ProvisionalCreateCanisterWithCyclesAsync(
                new ProvisionalCreateCanisterWithCyclesArgs(record.Amount, settings), ct).ConfigureAwait(false);
            return new CreationOutcome.Created(created.CanisterId);
        }
        catch (IcRejectException e) { return new CreationOutcome.Refused(e.Message); }
        catch (IcUnknownOutcomeException e)
        {
            return new CreationOutcome.Blocked($"provisional_create_canister_with_cycles outcome unknown and not deduplicable: {e.Reason}");
        }
    }
}
