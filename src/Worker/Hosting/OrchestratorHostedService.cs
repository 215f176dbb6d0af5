using Canic.Fsm.Orchestration;
using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Worker.Configuration;
using Canic.Fsm.Worker.Ic;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Worker.Hosting;

/// <summary>
/// Runs the orchestrator for the lifetime of the host: opens it (store, migrations, recovery, machines,
/// periodic check) in the background and stops every machine when the host stops. If it cannot open,
/// the host is stopped and <see cref="OrchestratorAccessor.WhenOpen"/> carries the error.
/// </summary>
internal sealed class OrchestratorHostedService(
    OrchestratorSettings settings,
    CanicHostOptions hostOptions,
    IcConnection ic,
    OrchestratorAccessor accessor,
    PoolProgressLogger progressLogger,
    OrchestratorServices services,
    IHostApplicationLifetime lifetime,
    ILogger<OrchestratorHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Orchestrator orchestrator;
        try
        {
            logger.LogInformation("Opening the orchestrator on {Database} ({Backend} IC)",
                Path.GetFullPath(hostOptions.Database.Path), ic.Description);
            await ic.OpenAsync(stoppingToken);
            orchestrator = await Orchestrator.OpenAsync(
                settings, hostOptions.Database.Path, ic.Management, ic.Ledger, services, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            accessor.Failed(new OrchestratorUnavailableException("the host stopped while the orchestrator was opening"));
            return;
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "The orchestrator could not open: {Message}", e.Message);
            accessor.Failed(e);
            lifetime.StopApplication();
            return;
        }
        progressLogger.Attach(orchestrator);
        accessor.Opened(orchestrator);
        logger.LogInformation("Orchestrator open: resumed {Resumed} records", orchestrator.ResumedRecords);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (accessor.Current is not { } orchestrator) return;
        logger.LogInformation("Stopping every machine");
        accessor.Closed();
        await orchestrator.StopAsync();
        progressLogger.Detach(orchestrator);
        logger.LogInformation("Orchestrator stopped");
    }
}
