using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Policy;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Store;

namespace Canic.Fsm.Orchestration.Provisioning;

/// <summary>
/// The request of an attempt: in one unit of work, the attempt is recorded, its approved module resolved
/// (missing -> Failed(MissingWasm), nothing reserved) and its cycles reserved from the role's budget
/// (short -> the whole unit rolls back and the caller gets a clear error: nothing written).
/// </summary>
internal sealed class AttemptStarter(IReadOnlyDictionary<string, RoleConfig> roles, Persistence persistence, AttemptRecorder recorder, OrchestratorMetrics metrics,
    IdGenerator ids, TimeProvider time, AttemptRunner runner)
{
    /// <summary>
    /// Validates the role and parent, commits the request (plus <paramref name="alsoInSameCommit"/>) through the store's group commit,
    /// and starts the machine.
    /// </summary>
    public async Task<ProvisioningAttempt> StartAsync(string role, string? parent, Action<StoreTransaction, string>? alsoInSameCommit = null)
    {
        var (config, attempt) = Prepare(role, parent);
        try
        {
            attempt = await persistence.CommitAsync(tx => RecordAndReserve(tx, config, attempt, alsoInSameCommit)).ConfigureAwait(false);
        }
        catch (InsufficientBudgetException e)
        {
            throw BudgetTooSmall(attempt.Role, config, e);
        }
        catch (SingletonRoleTakenException e)
        {
            throw SingletonTaken(e);
        }
        return Launch(attempt);
    }

    private (RoleConfig Config, ProvisioningAttempt Attempt) Prepare(string role, string? parent)
    {
        var config = ResolveRole(role);
        Principal? parentPid = null;
        if (parent is not null)
        {
            var p = PrincipalInput.Parse(parent, "parent", "the parent");
            if (CanisterIdRule.WhyNot(p) is { } why) throw new OrchestratorInputException("parent", $"{why}: the parent must be a canister.");
            parentPid = p;
        }
        metrics.RecordProvisioning(role, ProvisioningMetricOperation.ResolveModule, CanisterMetricOutcome.Started, CanisterMetricReason.Ok);
        var now = time.GetUtcNow();
        return (config, new ProvisioningAttempt(ids.NextText(), role, parentPid,
            AttemptState.Requested, null, null, null, null, null, null, now, now));
    }

    /// <summary>The request: the attempt is recorded, its module resolved and its cycles reserved (or it fails with MissingWasm).</summary>
    private static ProvisioningAttempt RecordAndReserve(StoreTransaction tx, RoleConfig config, ProvisioningAttempt attempt,
        Action<StoreTransaction, string>? alsoInSameCommit)
    {
        // Checked in the unit that records the attempt: units are serialized, so two requests cannot both find the role free.
        if (config.Singleton) RefuseTakenSingleton(tx, config.Name);
        StoreTransaction.Require(tx.Attempts.TryInsert(attempt), $"attempt {attempt.Id} (new)");
        if (config.ModuleHash is null)
            return Move(tx, attempt, attempt with { State = AttemptState.Failed, FailureReason = "MissingWasm: no approved module for role " + attempt.Role });
        var resolved = Move(tx, attempt, attempt with { State = AttemptState.ModuleResolved, ModuleHash = config.ModuleHash });
        var reservation = tx.Reservations.Reserve(attempt.Role, attempt.Id, config.InitialCycles);
        alsoInSameCommit?.Invoke(tx, attempt.Id);
        return Move(tx, resolved, resolved with { State = AttemptState.Reserved, ReservationId = reservation.Id });
    }

    /// <summary>A singleton role is taken while it has a registered canister (Installing or Active) or an unfinished attempt.</summary>
    private static void RefuseTakenSingleton(StoreTransaction tx, string role)
    {
        if (tx.Attempts.FirstActiveOfRole(role) is { } active)
            throw new SingletonRoleTakenException(role,
                $"Role '{role}' is a singleton and attempt {active.Id} is still in flight ({active.State}{(active.FailureReason is { } why ? ": " + why : "")}); wait for it to end.");
        if (tx.Registry.FirstOfRole(role) is { } registered)
            throw new SingletonRoleTakenException(role,
                $"Role '{role}' is a singleton and canister {registered.Pid} is registered for it ({registered.Status}, attempt {registered.AttemptId}); recycle it first.");
    }

    private OrchestratorInputException SingletonTaken(SingletonRoleTakenException e)
    {
        metrics.RecordProvisioning(e.Role, ProvisioningMetricOperation.Allocate, CanisterMetricOutcome.Failed, CanisterMetricReason.PolicyDenied);
        return new OrchestratorInputException("role", e.Message);
    }

    /// <summary>Rolls back the unit that would have recorded a second canister of a singleton role.</summary>
    private sealed class SingletonRoleTakenException(string role, string message) : Exception(message)
    {
        public string Role { get; } = role;
    }

    private OrchestratorInputException BudgetTooSmall(string role, RoleConfig config, InsufficientBudgetException e)
    {
        metrics.RecordProvisioning(role, ProvisioningMetricOperation.Allocate, CanisterMetricOutcome.Failed, CanisterMetricReason.PolicyDenied);
        return new OrchestratorInputException("role", $"The budget of role '{role}' cannot cover {config.InitialCycles} cycles: {e.Message}");
    }

    /// <summary>After the request: reports the outcome and starts the machine of a reserved attempt.</summary>
    private ProvisioningAttempt Launch(ProvisioningAttempt attempt)
    {
        var role = attempt.Role;
        if (attempt.State == AttemptState.Failed)
        {
            metrics.RecordProvisioning(role, ProvisioningMetricOperation.ResolveModule, CanisterMetricOutcome.Failed, CanisterMetricReason.MissingWasm);
            metrics.RecordCanisterOp(role, CanisterOpsMetricOperation.Install, CanisterMetricOutcome.Failed, CanisterMetricReason.MissingWasm);
            recorder.Report(attempt, null, attempt.FailureReason);
            return attempt;
        }
        metrics.RecordProvisioning(role, ProvisioningMetricOperation.ResolveModule, CanisterMetricOutcome.Completed, CanisterMetricReason.Ok);
        recorder.Report(attempt, null);
        runner.Start(attempt, new ReservedState());
        return attempt;
    }

    /// <summary>The configured role, or a clear error naming it and the known ones.</summary>
    public RoleConfig ResolveRole(string role) =>
        role is not null && roles.TryGetValue(role, out var config) ? config
            : throw new OrchestratorInputException("role", $"Unknown role '{role}' (configured: {string.Join(", ", roles.Keys.Order(StringComparer.Ordinal))}).");

    // The request's history rows carry the failure reason (MissingWasm) or none.
    private static ProvisioningAttempt Move(StoreTransaction tx, ProvisioningAttempt current, ProvisioningAttempt next) =>
        AttemptRecorder.Move(tx, current, next, next.FailureReason);
}
