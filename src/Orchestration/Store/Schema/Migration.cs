namespace Canic.Fsm.Orchestration.Store;

/// <summary>One step of the schema: applied once, in version order, inside the open transaction.</summary>
/// <param name="Version">1, 2, 3...; never reused, never edited once released.</param>
/// <param name="Description">What it changes.</param>
/// <param name="Sql">The statements.</param>
internal sealed record Migration(int Version, string Description, string Sql);
