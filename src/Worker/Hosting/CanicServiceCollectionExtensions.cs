using Canic.Fsm.Orchestration;
using Canic.Fsm.Worker.Configuration;
using Canic.Fsm.Worker.Hosting;
using Canic.Fsm.Worker.Ic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// In this namespace, like the framework's own Add* extensions, so that embedders find it without a using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Canic orchestrator in a .NET Generic Host.</summary>
public static class CanicServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the orchestrator's configuration (sections <c>Database</c>, <c>Ic</c> and
    /// <c>Orchestrator</c> of <paramref name="configuration"/>; pass <c>configuration.GetSection("Canic")</c>
    /// to keep them under a section of your own), connects the IC backend, and runs the orchestrator as a
    /// hosted service: it opens (and recovers) when the host starts and stops every machine when the host
    /// stops. Resolve <see cref="OrchestratorAccessor"/> to reach the running <see cref="Orchestrator"/>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The configuration holding the sections above.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="CanicConfigurationException">
    /// The configuration has bad values: every one is listed by key with the reason. Nothing has been
    /// opened or written (no database, no IC state file).
    /// </exception>
    public static IServiceCollection AddCanicOrchestrator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddCanicOrchestrator(CanicConfiguration.Load(configuration));
    }

    /// <summary>Registers the orchestrator with a configuration already bound and validated.</summary>
    internal static IServiceCollection AddCanicOrchestrator(this IServiceCollection services, CanicConfiguration loaded)
    {
        services.AddMetrics();
        services.AddSingleton(loaded);
        services.AddSingleton(loaded.Host);
        services.AddSingleton(loaded.Settings);
        services.AddSingleton(sp => IcBackend.Connect(loaded.Host.Ic, loaded.Settings, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new OrchestratorServices
        {
            LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
            MeterFactory = sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            TimeProvider = sp.GetService<TimeProvider>() ?? TimeProvider.System,
            CreationFee = sp.GetRequiredService<IcConnection>().CreationFee,
        });
        services.AddSingleton<OrchestratorAccessor>();
        services.AddSingleton<PoolProgressLogger>();
        services.AddHostedService<OrchestratorHostedService>();
        return services;
    }
}
