namespace Canic.Fsm.Orchestration.Api;

/// <summary>A committed state change of interest, for logs.</summary>
/// <param name="Machine">The kind of record: <c>pool</c>, <c>attempt</c>, <c>creation</c> or <c>worker</c>.</param>
/// <param name="Id">The record's id (a principal for pool entries).</param>
/// <param name="From">The state left (empty for a new record).</param>
/// <param name="To">The state entered.</param>
/// <param name="Reason">The reason recorded with it, if any.</param>
public sealed record OrchestratorTransition(string Machine, string Id, string From, string To, string? Reason);
