using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Maintenance;
using Canic.Fsm.Orchestration.Pool;
using Canic.Fsm.Orchestration.Provisioning;
using Canic.Fsm.Orchestration.Scaling;

namespace Canic.Fsm.Orchestration;

/// <summary>
/// The write side of the facade: the commands in the facade's terms (numeric ids, views, public exceptions), handed to the
/// workflow that runs each.
/// </summary>
internal sealed class OrchestratorCommands(PoolAdmin admin, PeriodicCheck maintenance, AttemptStarter starter, AttemptCompletion completion,
    WorkerScaling scaling, OrchestratorQueries queries)
{
    public async Task<PoolAdminResponse> PoolAdminAsync(PoolAdminCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await admin.RunAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (CreationIncompleteException e)
        {
            throw new CreationNotCompletedException(e.Record.ToView(), e.Message);
        }
    }

    public void TriggerPoolCheck() => maintenance.Trigger();

    public async Task<long> ProvisionAsync(string role, string? parent, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var attempt = await starter.StartAsync(role, parent).ConfigureAwait(false);
        return RecordId.ToNumber(attempt.Id)!.Value;
    }

    public async Task<AttemptView> WaitForAttemptAsync(long attemptId, CancellationToken cancellationToken)
    {
        _ = await completion.WaitAsync(RecordId.ToText(attemptId), cancellationToken).ConfigureAwait(false)
            ?? throw NoSuchAttempt(attemptId);
        return queries.GetAttempt(attemptId) ?? throw NoSuchAttempt(attemptId);
    }

    public Task<CreateWorkerResult> CreateWorkerAsync(string pool, CancellationToken cancellationToken) =>
        scaling.CreateWorkerAsync(pool, cancellationToken);

    private static OrchestratorInputException NoSuchAttempt(long attemptId) =>
        new("attemptId", $"No provisioning attempt has id {attemptId}.");
}
