using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Api;

/// <summary>Principals given as text by a caller: parsed, or refused with the parser's reason and the field at fault.</summary>
internal static class PrincipalInput
{
    /// <summary>The principal written as <paramref name="text"/>.</summary>
    /// <param name="text">The textual principal as given (null is refused like any bad text).</param>
    /// <param name="field">The input field, for the error.</param>
    /// <param name="where">Appended to the message in parentheses (e.g. <c>the parent</c>), or null.</param>
    /// <exception cref="OrchestratorInputException">The text is not a valid principal.</exception>
    public static Principal Parse(string? text, string field, string? where = null)
    {
        if (Principal.TryParse(text, out var pid)) return pid;
        var reason = Reason(text ?? "");
        throw new OrchestratorInputException(field, where is null ? reason : $"{reason} ({where})");
    }

    private static string Reason(string text)
    {
        try { Principal.Parse(text); return "it is valid"; }
        catch (FormatException e) { return e.Message; }
    }
}
