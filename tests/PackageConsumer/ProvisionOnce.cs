using Canic.Fsm.Hosting;
using Canic.Fsm.Orchestration;
using Canic.Fsm.Orchestration.Api;

namespace PackageConsumer;

/// <summary>
/// The user's own work beside the embedded orchestrator: once it is open and its pool is full, provision one
/// canister of the role "app", log it, and (with --ExitWhenDone=true) stop the host.
/// </summary>
public sealed class ProvisionOnce(OrchestratorAccessor canic, IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<ProvisionOnce> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Orchestrator orchestrator = await canic.WhenOpen.WaitAsync(stoppingToken);
        await WhenPoolFullAsync(orchestrator, stoppingToken);
        PoolSummaryView pool = orchestrator.GetPoolSummary();
        logger.LogInformation("embedded: pool {Ready}/{Minimum} ready", pool.Ready, pool.MinimumSize);

        long attempt = await orchestrator.ProvisionAsync("app", cancellationToken: stoppingToken);
        AttemptView done = await orchestrator.WaitForAttemptAsync(attempt, stoppingToken);
        logger.LogInformation("embedded: attempt {Id} {State}, canister {Pid}", done.Id, done.State, done.Pid);
        if (configuration.GetValue<bool>("ExitWhenDone")) lifetime.StopApplication();
    }

    private static async Task WhenPoolFullAsync(Orchestrator orchestrator, CancellationToken stoppingToken)
    {
        var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(object? sender, OrchestratorTransition? transition)
        {
            var pool = orchestrator.GetPoolSummary();
            if (pool.Ready >= pool.MinimumSize) full.TrySetResult();
        }
        orchestrator.Transition += Check;
        try
        {
            Check(null, null);
            await full.Task.WaitAsync(stoppingToken);
        }
        finally
        {
            orchestrator.Transition -= Check;
        }
    }
}
