using Canic.Fsm.Orchestration;
using Canic.Fsm.Orchestration.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Hosting;

/// <summary>
/// Runs the orchestrator for the lifetime of the host: locks its files, connects the IC and opens it (store,
/// migrations, recovery, machines, periodic check) in the background, and stops every machine when the host
/// stops. If it cannot open (its files held by another orchestrator, or any other error), the host is stopped
/// and <see cref="OrchestratorAccessor.WhenOpen"/> carries the error.
/// </summary>
internal sealed class OrchestratorHostedService(
    OrchestratorSettings settings,
    CanicHostOptions hostOptions,
    IServiceProvider provider,
    OrchestratorAccessor accessor,
    PoolProgressLogger progressLogger,
    IHostApplicationLifetime lifetime,
    ILogger<OrchestratorHostedService> logger,
    StateFileLocks? heldByHost = null) : BackgroundService  // heldByHost: the worker locks its files itself, to refuse early
{
    private StateFileLocks? _locks;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Orchestrator orchestrator;
        try
        {
            // Before the IC connection opens (and funds) the simulated IC's file: nothing is touched when refused.
            if (heldByHost is null)
                _locks = StateFileLocks.Acquire(StateFileLocks.Of(hostOptions), StateFileLock.DescribeThisProcess(apiUrl: null));
            var ic = provider.GetRequiredService<IcConnection>();
            logger.LogInformation("Opening the orchestrator on {Database} ({Backend} IC)",
                Path.GetFullPath(hostOptions.Database.Path), ic.Description);
            await ic.OpenAsync(stoppingToken);
            orchestrator = await Orchestrator.OpenAsync(
                settings, hostOptions.Database.Path, ic.Management, ic.Ledger, provider.GetRequiredService<OrchestratorServices>(), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            ReleaseLocks();
            accessor.Failed(new OrchestratorUnavailableException("the host stopped while the orchestrator was opening"));
            return;
        }
        catch (Exception e)
        {
            ReleaseLocks();
            logger.LogCritical(e, "The orchestrator could not open: {Message}", e.Message);
            lifetime.StopApplication();  // first: whoever awaits WhenOpen finds the host already stopping
            accessor.Failed(e);
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
        ReleaseLocks();
        logger.LogInformation("Orchestrator stopped");
    }

    private void ReleaseLocks()
    {
        _locks?.Dispose();
        _locks = null;
    }
}
