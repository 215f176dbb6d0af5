namespace Canic.Fsm.Orchestration.Metrics;

/// <summary>The canister operation a <c>canic.canister_ops</c> measurement is about (Canic's <c>CanisterOpsMetricOperation</c>).</summary>
public enum CanisterOpsMetricOperation
{
    /// <summary>Creating a canister (<c>create</c>).</summary>
    Create,
    /// <summary>Deleting a canister (<c>delete</c>).</summary>
    Delete,
    /// <summary>Installing a module (<c>install</c>).</summary>
    Install,
    /// <summary>Reinstalling a module (<c>reinstall</c>).</summary>
    Reinstall,
}
