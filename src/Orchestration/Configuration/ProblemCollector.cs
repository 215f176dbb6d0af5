using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Configuration;

/// <summary>Gathers every configuration problem, with the parsers of the typed values, so that all are reported at once.</summary>
internal sealed class ProblemCollector
{
    private readonly List<ConfigurationProblem> _problems = [];

    public IReadOnlyList<ConfigurationProblem> Problems => _problems;

    public void Add(string key, string message) => _problems.Add(new ConfigurationProblem(key, message));

    public bool Required(string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)) return true;
        Add(key, $"{key} is required.");
        return false;
    }

    public Cycles? Cycles(string key, string? text)
    {
        if (!Required(key, text)) return null;
        try { return Ic.Cycles.Parse(text!); }
        catch (FormatException e) { Add(key, $"{key}: {e.Message}"); return null; }
    }

    public Principal? Principal(string key, string? text)
    {
        if (!Required(key, text)) return null;
        try { return Ic.Principal.Parse(text!); }
        catch (FormatException e) { Add(key, $"{key}: {e.Message}"); return null; }
    }

    public bool NotNegative(string key, long value)
    {
        if (value >= 0) return true;
        Add(key, $"{key} ({value}) cannot be negative.");
        return false;
    }

    public void NotAbove(string key, long value, string limitKey, long limit)
    {
        if (value > limit) Add(key, $"{key} ({value}) is greater than {limitKey} ({limit}).");
    }
}
