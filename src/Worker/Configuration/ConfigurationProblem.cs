namespace Canic.Fsm.Worker.Configuration;

/// <summary>One bad configuration value: its key (as written in <c>appsettings.json</c>, e.g. <c>Admin:Url</c>) and why it is bad.</summary>
/// <param name="Key">The configuration key of the bad value.</param>
/// <param name="Reason">Why the value was refused.</param>
public sealed record ConfigurationProblem(string Key, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Key}: {Reason}";
}

/// <summary>Thrown when the configuration has bad values; carries every one of them, not just the first.</summary>
public sealed class CanicConfigurationException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public CanicConfigurationException(IReadOnlyList<ConfigurationProblem> problems)
        : base("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
        => Problems = problems;

    /// <summary>Every bad value found.</summary>
    public IReadOnlyList<ConfigurationProblem> Problems { get; }
}
