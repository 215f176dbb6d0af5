using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Configuration;

/// <summary>Validates a configured list of controllers (role or pool): every principal parses, and with the orchestrator added it still fits the IC's limit.</summary>
internal static class ControllerListValidator
{
    /// <summary>The parsed controllers in order, or null (with the problems reported) when any is bad.</summary>
    /// <param name="key">The list's configuration key, e.g. <c>Pool:Controllers</c>; an entry is <c>{key}:{index}</c>.</param>
    /// <param name="texts">The principals as written.</param>
    /// <param name="orchestrator">The orchestrator's principal (always added), when valid.</param>
    /// <param name="problems">Where problems go.</param>
    public static IReadOnlyList<Principal>? Validate(string key, IReadOnlyList<string> texts, Principal? orchestrator, ProblemCollector problems)
    {
        var parsed = texts.Select((text, index) => problems.Principal($"{key}:{index}", text)).ToList();
        if (parsed.Any(p => p is null)) return null;
        var controllers = parsed.Select(p => p!.Value).ToList().AsReadOnly();
        if (orchestrator is { } self)
        {
            // The orchestrator is always added (the parent too, at provisioning, and checked then).
            var merged = controllers.Append(self).Distinct().ToList();
            if (merged.Count > CanisterSettings.MaxControllers)
            {
                problems.Add(key, $"{key}: {merged.Count} distinct controllers (configured + orchestrator) exceed the IC's limit of {CanisterSettings.MaxControllers}: {string.Join(", ", merged)}.");
                return null;
            }
        }
        return controllers;
    }
}
