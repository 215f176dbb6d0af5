namespace Canic.Fsm.Orchestration.Store;

/// <summary>One page of records, newest first, and how many records match in all.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Items">The records of the page.</param>
/// <param name="Total">All matching records.</param>
public sealed record RecordPage<T>(IReadOnlyList<T> Items, long Total);
