namespace Canic.Fsm.Orchestration.Api;

/// <summary>One page of a listing.</summary>
/// <typeparam name="T">The view type of the items.</typeparam>
/// <param name="Items">The items of this page, in the listing's order.</param>
/// <param name="Total">How many items the whole listing holds.</param>
/// <param name="Offset">The index of the first item of this page.</param>
/// <param name="Limit">The page size asked for.</param>
public sealed record PageView<T>(IReadOnlyList<T> Items, long Total, int Offset, int Limit);
