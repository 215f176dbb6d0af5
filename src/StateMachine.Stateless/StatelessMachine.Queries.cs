using global::Stateless.Graph;
using global::Stateless.Reflection;

namespace Canic.Fsm.StateMachine.Stateless;

// Queries: the current state and the hierarchy are read on the caller's thread from the engine's current
// state; what needs Stateless to evaluate guards is asked through the queue, in order with the triggers.
public sealed partial class StatelessMachine<TState, TTrigger>
{
    private List<TaskCompletionSource>? _pendingQuestions;  // made by the first question, which also watches for the stop

    /// <summary>The current Stateless state (the state it will start in when not started).</summary>
    public TState State => Query(static state => (StateNode)state) is { } node ? node.Value : _declaration.State;

    /// <summary>True when the machine is in <paramref name="state"/> or one of its substates, as Stateless's <c>IsInState</c>.</summary>
    /// <param name="state">The state to test for.</param>
    /// <returns>Whether the current state is <paramref name="state"/> or inside it.</returns>
    public bool IsInState(TState state) => Contains(state, State);

    /// <summary>The triggers permitted in the current state (guards evaluated), answered on the loop after the triggers queued before.</summary>
    /// <param name="args">The arguments the guards of parameterized triggers are evaluated with.</param>
    /// <returns>The permitted triggers; fails if the machine stops before answering.</returns>
    public Task<TTrigger[]> GetPermittedTriggersAsync(params object[] args) =>
        AskAsync(() => PermittedTriggers(args));

    /// <summary>Whether <paramref name="trigger"/> would be handled in the current state, answered on the loop after the triggers queued before.</summary>
    /// <param name="trigger">The trigger.</param>
    /// <returns>Whether it can be fired; fails if the machine stops before answering.</returns>
    public Task<bool> CanFireAsync(TTrigger trigger) => AskAsync(() => _declaration.CanFire(trigger));

    /// <summary>
    /// Stateless's description of the declared machine (states, transitions, guards, actions). Each
    /// configured state lists the runtime's own exit action first; <see cref="ToDot"/> leaves it out.
    /// </summary>
    /// <returns>The description.</returns>
    public StateMachineInfo GetInfo() => _declaration.GetInfo();

    /// <summary>The declared machine as Mermaid text, by Stateless's own <see cref="MermaidGraph"/>.</summary>
    /// <returns>A Mermaid <c>stateDiagram-v2</c>.</returns>
    public string ToMermaid() => MermaidGraph.Format(GetInfo());

    /// <summary>The declared machine as Graphviz DOT text, by Stateless's own <see cref="UmlDotGraph"/>.</summary>
    /// <returns>A DOT digraph.</returns>
    public string ToDot() => UmlDotGraph.Format(GetInfo())
        .Replace($"\\nexit / {ExitActionName}", "", StringComparison.Ordinal)    // after entry actions
        .Replace($"|exit / {ExitActionName}\\n", "|", StringComparison.Ordinal)   // first of the actions
        .Replace($"|exit / {ExitActionName}\"", "\"", StringComparison.Ordinal);  // the only action

#pragma warning disable CS0618  // marked obsolete in favour of the async form, which exists for async guards: guards here are synchronous
    private TTrigger[] PermittedTriggers(object[] args) => _declaration.GetPermittedTriggers(args).ToArray();
#pragma warning restore CS0618

    private async Task<T> AskAsync<T>(Func<T> question)
    {
        if (!IsStarted) return question();
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        T answer = default!;
        lock (_configured)
        {
            if (_pendingQuestions is null)
            {
                _pendingQuestions = [];
                Transitioned += FailQueriesOnStop;
            }
            _pendingQuestions.Add(answered);
        }
        Schedule(_ =>
        {
            try { answer = question(); answered.TrySetResult(); }
            catch (Exception error) { answered.TrySetException(error); }
            return null;
        });
        if (!IsStarted) FailQuestions();  // stopped before the question was queued
        try
        {
            await Task.WhenAny(answered.Task, Faulted).ConfigureAwait(false);
            if (!answered.Task.IsCompleted) throw new InvalidOperationException("The machine failed before answering.", Fault);
            await answered.Task.ConfigureAwait(false);
            return answer;
        }
        finally { lock (_configured) _pendingQuestions.Remove(answered); }
    }

    private void FailQueriesOnStop(Transition transition)
    {
        if (transition.To is null) FailQuestions();
    }

    private void FailQuestions()
    {
        lock (_configured)
            foreach (var question in _pendingQuestions ?? [])
                question.TrySetException(new InvalidOperationException("The machine stopped before answering."));
    }
}
