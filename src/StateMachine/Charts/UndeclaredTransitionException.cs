namespace Canic.Fsm.StateMachine.Charts;

/// <summary>A machine tried a transition its <see cref="Chart"/> does not declare: a bug, reported as a fault.</summary>
public sealed class UndeclaredTransitionException : Exception
{
    /// <summary>Creates the report of an undeclared transition.</summary>
    /// <param name="chart">The chart's name.</param>
    /// <param name="from">The state left, or <c>null</c> when starting.</param>
    /// <param name="to">The state that was not entered.</param>
    public UndeclaredTransitionException(string chart, State? from, State to)
        : base($"Chart {chart} does not declare {from?.GetType().Name ?? "[*]"} -> {to.GetType().Name} (from {from?.ToString() ?? "start"} to {to}).")
    {
        From = from;
        To = to;
    }

    /// <summary>The state left, or <c>null</c> when starting.</summary>
    public State? From { get; }

    /// <summary>The state that was not entered.</summary>
    public State To { get; }
}
