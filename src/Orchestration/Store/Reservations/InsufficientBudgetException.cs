using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>A reservation asked for more cycles than the budget has free; nothing was written.</summary>
/// <param name="budgetId">The budget.</param>
/// <param name="free">Its free cycles at the time.</param>
/// <param name="amount">The amount asked for.</param>
public sealed class InsufficientBudgetException(string budgetId, Cycles free, Cycles amount) : Exception(
    $"Budget '{budgetId}' has {free} ({free.Value}) cycles free, less than the {amount} ({amount.Value}) asked for.")
{
    /// <summary>The budget.</summary>
    public string BudgetId { get; } = budgetId;

    /// <summary>Its free cycles at the time.</summary>
    public Cycles Free { get; } = free;

    /// <summary>The amount asked for.</summary>
    public Cycles Amount { get; } = amount;
}
