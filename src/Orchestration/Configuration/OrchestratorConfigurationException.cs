namespace Canic.Fsm.Orchestration.Configuration;

/// <summary>One bad configuration value.</summary>
/// <param name="Key">The configuration key, e.g. <c>Pool:MinimumSize</c>.</param>
/// <param name="Message">What is wrong, naming the key and the value, e.g. <c>Pool:MinimumSize (7) is greater than Pool:MaximumSize (5)</c>.</param>
public sealed record ConfigurationProblem(string Key, string Message);

/// <summary>The configuration is invalid; <see cref="Problems"/> lists every bad value, not only the first.</summary>
public sealed class OrchestratorConfigurationException : Exception
{
    /// <summary>Creates the error from at least one problem.</summary>
    public OrchestratorConfigurationException(IReadOnlyList<ConfigurationProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, in configuration order.</summary>
    public IReadOnlyList<ConfigurationProblem> Problems { get; }

    private static string Describe(IReadOnlyList<ConfigurationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0) throw new ArgumentException("A configuration error needs at least one problem.", nameof(problems));
        return $"The configuration has {problems.Count} problem(s):{Environment.NewLine}"
            + string.Join(Environment.NewLine, problems.Select(p => "  - " + p.Message));
    }
}
