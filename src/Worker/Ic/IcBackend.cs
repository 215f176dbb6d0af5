using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Worker.Configuration;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Worker.Ic;

/// <summary>Connects the configured IC backend (today: the simulated IC, with its state file and fault plan).</summary>
internal static class IcBackend
{
    public static IcConnection Connect(IcOptions options, OrchestratorSettings settings, ILoggerFactory loggers)
    {
        _ = (options, settings, loggers);
        throw new NotImplementedException("TODO(ic): the simulated IC");
    }
}
