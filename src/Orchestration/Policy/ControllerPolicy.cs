using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Policy;

/// <summary>The controllers the orchestrator sets on a canister it resets or allocates.</summary>
public static class ControllerPolicy
{
    /// <summary>The most controllers the IC accepts on one canister.</summary>
    public const int MaxControllers = CanisterSettings.MaxControllers;

    /// <summary>
    /// The configured controllers, then the orchestrator's principal, then the parent (when given), each kept
    /// at its first occurrence: the orchestrator must stay a controller or it loses the canister.
    /// </summary>
    /// <exception cref="TooManyControllersException">More than <see cref="MaxControllers"/> distinct controllers.</exception>
    public static IReadOnlyList<Principal> Merge(IEnumerable<Principal> configured, Principal orchestrator, Principal? parent = null)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var seen = new HashSet<Principal>();
        var merged = new List<Principal>();
        foreach (var controller in configured.Append(orchestrator).Concat(parent is { } p ? [p] : []))
        {
            if (seen.Add(controller)) merged.Add(controller);
        }
        return merged.Count <= MaxControllers ? merged.AsReadOnly() : throw new TooManyControllersException(merged);
    }
}

/// <summary>A canister would get more controllers than the IC accepts.</summary>
public sealed class TooManyControllersException : Exception
{
    /// <summary>Creates the error for the merged, deduplicated list.</summary>
    public TooManyControllersException(IReadOnlyList<Principal> controllers)
        : base($"{controllers.Count} distinct controllers (configured + orchestrator + parent) exceed the IC's limit of {ControllerPolicy.MaxControllers}: {string.Join(", ", controllers)}.")
    {
        Controllers = controllers;
    }

    /// <summary>The merged, deduplicated controllers that were too many.</summary>
    public IReadOnlyList<Principal> Controllers { get; }
}
