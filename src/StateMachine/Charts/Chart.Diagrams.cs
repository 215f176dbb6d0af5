using System.Text;

namespace Canic.Fsm.StateMachine.Charts;

// Diagrams for the docs, in declaration order so that the text is stable under review.
public sealed partial class Chart
{
    /// <summary>The chart as a Mermaid <c>stateDiagram-v2</c>; initial states come from <c>[*]</c>.</summary>
    /// <returns>Mermaid text, one transition per line, ending with a newline.</returns>
    public string ToMermaid()
    {
        var text = new StringBuilder("stateDiagram-v2\n");
        foreach (var (from, to) in _declared)
            text.Append($"    {from?.Name ?? "[*]"} --> {to.Name}\n");
        return text.ToString();
    }

    /// <summary>The chart as a Graphviz DOT digraph named after the chart; initial states come from a point.</summary>
    /// <returns>DOT text, one edge per line, ending with a newline.</returns>
    public string ToDot()
    {
        var text = new StringBuilder($"digraph \"{Name}\" {{\n");
        if (_declared.Any(transition => transition.From is null))
            text.Append("    \"[*]\" [shape=point];\n");
        foreach (var (from, to) in _declared)
            text.Append($"    \"{from?.Name ?? "[*]"}\" -> \"{to.Name}\";\n");
        return text.Append("}\n").ToString();
    }
}
