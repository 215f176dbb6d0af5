namespace Canic.Fsm.StateMachine.Charts;

/// <summary>
/// The transitions a machine type declares, by state class: which classes may start it and which
/// class may go to which. A machine built with a chart fails (see <see cref="Machine.Fault"/>) instead of
/// taking an undeclared transition. Declare a chart once, in a static field, before machines use it.
/// </summary>
public sealed partial class Chart
{
    private readonly HashSet<(Type? From, Type To)> _allowed = [];
    private readonly List<(Type? From, Type To)> _declared = [];

    /// <summary>Creates an empty chart.</summary>
    /// <param name="name">The machine type's name, used as the title of exported diagrams.</param>
    public Chart(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The machine type's name.</summary>
    public string Name { get; }

    /// <summary>The declared transitions in declaration order; <c>From</c> is <c>null</c> for initial states.</summary>
    public IReadOnlyList<(Type? From, Type To)> Transitions => _declared;

    /// <summary>Declares that a machine may start in a <typeparamref name="TState"/>.</summary>
    /// <typeparam name="TState">An initial state class.</typeparam>
    /// <returns>This chart.</returns>
    public Chart Initial<TState>() where TState : State => Declare(null, typeof(TState));

    /// <summary>Declares that a <typeparamref name="TFrom"/> may be followed by a <typeparamref name="TTo"/>.</summary>
    /// <typeparam name="TFrom">The state class left.</typeparam>
    /// <typeparam name="TTo">The state class entered (the same class for a re-entry).</typeparam>
    /// <returns>This chart.</returns>
    public Chart Allow<TFrom, TTo>() where TFrom : State where TTo : State => Declare(typeof(TFrom), typeof(TTo));

    /// <summary>True when the chart declares a transition from <paramref name="from"/>'s class to <paramref name="to"/>'s.</summary>
    /// <param name="from">The state left, or <c>null</c> when starting.</param>
    /// <param name="to">The state entered.</param>
    /// <returns>Whether the transition is declared.</returns>
    public bool Permits(State? from, State to) => _allowed.Contains((from?.GetType(), to.GetType()));

    internal void Check(State? from, State to)
    {
        if (!Permits(from, to)) throw new UndeclaredTransitionException(Name, from, to);
    }

    private Chart Declare(Type? from, Type to)
    {
        if (_allowed.Add((from, to))) _declared.Add((from, to));
        return this;
    }
}
