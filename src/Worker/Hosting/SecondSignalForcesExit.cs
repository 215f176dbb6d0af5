using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Worker.Hosting;

/// <summary>
/// The first SIGTERM / SIGINT stops the host gracefully (the host's console lifetime handles it); a
/// second one, sent because a graceful stop takes too long, kills the process at once. Graceful exit
/// through <c>Environment.Exit</c> would wait for the very shutdown the operator gave up on.
/// </summary>
internal sealed class SecondSignalForcesExit(ILogger<SecondSignalForcesExit> logger) : IHostedService, IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signals;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        return Task.CompletedTask;
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _signals) < 2) return;
        logger.LogWarning("Second {Signal}: forcing exit without waiting for the machines", context.Signal);
        Process.GetCurrentProcess().Kill();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }
}
