using Canic.Fsm.Worker.Api;
using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Worker.Configuration;
using Canic.Fsm.Worker.Dashboard;
using Canic.Fsm.Worker.Hosting;
using Canic.Fsm.Worker.Telemetry;
using Canic.Fsm.Worker.Ic;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Worker.Cli;

/// <summary>
/// <c>canic-fsm run</c>: the worker process. Configuration comes from <c>appsettings.json</c> (next to the
/// executable), an optional <c>--Config=&lt;file&gt;</c>, <c>CANIC_</c>-prefixed environment variables and
/// the command line, in increasing precedence. It is validated before anything is opened.
/// </summary>
internal static class WorkerHost
{
    /// <summary>Environment variables with this prefix override configuration (<c>CANIC_Database__Path</c>).</summary>
    public const string EnvironmentPrefix = "CANIC_";

    public static async Task<int> RunAsync(string[] args, TextWriter error, CancellationToken ct)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json and the demo module ship next to the executable, wherever it is started from.
            ContentRootPath = AppContext.BaseDirectory,
        });
        AddSources(builder.Configuration, args);
        var admin = new AdminOptions();
        var problems = new List<ConfigurationProblem>();
        CanicConfiguration.Bind(builder.Configuration.GetSection("Admin"), admin, problems);
        problems.AddRange(HostOptionsValidator.ValidateAdmin(admin));
        CanicConfiguration? loaded = null;
        var otel = new OtelOptions();
        CanicConfiguration.Bind(builder.Configuration.GetSection("Otel"), otel, problems);
        problems.AddRange(otel.Validate());
        try
        {
            loaded = CanicConfiguration.Load(builder.Configuration);
        }
        catch (CanicConfigurationException e)
        {
            problems.InsertRange(0, e.Problems);
        }
        if (problems.Count > 0 || loaded is null) return await ReportAsync(problems, error);

        // Before anything is opened: a second worker on the same files would hand out the same canister ids and
        // run the same pool checks as the first.
        StateFileLocks locks;
        try
        {
            locks = StateFileLocks.Acquire(StateFiles(loaded.Host), StateFileLock.DescribeThisProcess(admin.Url));
        }
        catch (StateFileLockedException e)
        {
            await error.WriteLineAsync(e.Message);
            return ExitCodes.BadUsage;
        }
        using var held = locks;
        builder.Services.AddCanicOrchestrator(loaded);
        Configure(builder, admin);
        builder.Services.AddCanicTelemetry(otel);
        var app = builder.Build();
        _ = app.Services.GetRequiredService<Dashboard.TransitionFeed>();
        app.Services.StartCanicTelemetry();
        var accessor = app.Services.GetRequiredService<OrchestratorAccessor>();
        MapApi(app, admin);
        try
        {
            await app.RunAsync(ct);
        }
        catch (IOException e)
        {
            // Kestrel could not bind (address in use, permission): the orchestrator has not opened.
            await error.WriteLineAsync($"Admin:Url '{admin.Url}': {e.Message}");
            return ExitCodes.Refused;
        }
        return accessor.WhenOpen.IsFaulted ? ExitCodes.Refused : ExitCodes.Ok;
    }

    /// <summary>The files a worker owns: its database, and the simulated IC's state file when the IC is not in memory.</summary>
    private static IEnumerable<(string Key, string Path)> StateFiles(CanicHostOptions host)
    {
        yield return ("Database:Path", host.Database.Path);
        if (!string.IsNullOrEmpty(host.Ic.StateFile)) yield return ("Ic:StateFile", host.Ic.StateFile);
    }

    private static void AddSources(ConfigurationManager configuration, string[] args)
    {
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddCommandLine(args);
        if (configuration["Config"] is { Length: > 0 } file)
        {
            configuration.AddJsonFile(Path.GetFullPath(file), optional: false);
            // The command line keeps the last word over the file.
            configuration.AddEnvironmentVariables(EnvironmentPrefix);
            configuration.AddCommandLine(args);
        }
    }

    private static void Configure(WebApplicationBuilder builder, AdminOptions admin)
    {
        builder.WebHost.UseUrls(admin.Url);
        // Bodies are bounded before they are read (413); request lines (8 KiB, 414) and headers (32 KiB, 431) keep Kestrel's limits.
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = ApiLimits.MaxBodyBytes);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.WriteIndented = false);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddHostedService<SecondSignalForcesExit>();
        builder.Services.AddDashboard();
    }

    private static void MapApi(WebApplication app, AdminOptions admin)
    {
        app.UseMiddleware<HostAndOriginCheck>(new AllowedHostNames(new Uri(admin.Url), admin.AllowedHosts));
        app.UseDashboard();
        if (!string.IsNullOrEmpty(admin.ApiToken)) app.UseMiddleware<ApiTokenCheck>(admin.ApiToken);
        app.UseMiddleware<ApiExceptionHandler>();
        app.MapHealth();
        app.MapMetrics();
        var api = app.MapGroup("/api");
        api.MapPool();
        api.MapProvisioning();
        api.MapScaling();
        api.MapCharts();
        api.MapTransitions();
        api.MapSimulatedIc(app.Services.GetRequiredService<IcConnection>());
        app.MapFallback((HttpContext context) => Results.NotFound(new ApiError($"no route {context.Request.Method} {ApiLimits.Echo(context.Request.Path)}")));
    }

    private static async Task<int> ReportAsync(IReadOnlyList<ConfigurationProblem> problems, TextWriter error)
    {
        await error.WriteLineAsync($"Invalid configuration ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}); nothing was opened:");
        foreach (var problem in problems) await error.WriteLineAsync($"  - {problem.Message}");
        return ExitCodes.BadUsage;
    }
}
