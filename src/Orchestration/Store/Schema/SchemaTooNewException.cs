namespace Canic.Fsm.Orchestration.Store;

/// <summary>The database was written by a newer version of Canic.Fsm; it is refused and left untouched.</summary>
/// <param name="path">The database file.</param>
/// <param name="found">The schema version in the file.</param>
/// <param name="supported">The newest version this build knows.</param>
public sealed class SchemaTooNewException(string path, int found, int supported) : Exception(
    $"The database '{path}' has schema version {found}, newer than the {supported} this build supports; " +
    "it was not modified. Run a newer Canic.Fsm, or restore a backup made for this version.")
{
    /// <summary>The schema version in the file.</summary>
    public int Found { get; } = found;

    /// <summary>The newest version this build knows.</summary>
    public int Supported { get; } = supported;
}
