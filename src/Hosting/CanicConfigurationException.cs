using Canic.Fsm.Orchestration.Configuration;

namespace Canic.Fsm.Hosting;

/// <summary>
/// The host's configuration has bad values (database, IC, orchestrator settings): carries every one of
/// them, each naming its key and the reason, not just the first.
/// </summary>
public sealed class CanicConfigurationException : Exception
{
    /// <summary>Creates the exception from the problems found (at least one).</summary>
    public CanicConfigurationException(IReadOnlyList<ConfigurationProblem> problems)
        : base("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p.Message)))
        => Problems = problems;

    /// <summary>Every bad value found.</summary>
    public IReadOnlyList<ConfigurationProblem> Problems { get; }
}
