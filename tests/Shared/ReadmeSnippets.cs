using NUnit.Framework;

namespace Canic.Fsm.Tests.Shared;

/// <summary>
/// Code kept verbatim in the README: a test file marks it with <c>// NAME-BEGIN</c> and <c>// NAME-END</c> lines, and
/// the README must contain what stands between them (a method body's lines without their 8 spaces of indent).
/// </summary>
internal static class ReadmeSnippets
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../.."));

    /// <summary>The README at the repository's root.</summary>
    public static string Readme => File.ReadAllText(Path.Combine(Root, "README.md"));

    /// <summary>A file of the repository, by its path from the root.</summary>
    public static string Source(string path) => File.ReadAllText(Path.Combine(Root, path));

    /// <summary>What stands between the marker lines of <paramref name="marker"/> in <paramref name="text"/>.</summary>
    public static string Between(string text, string marker) =>
        text[(text.IndexOf($"// {marker}-BEGIN\n", StringComparison.Ordinal) + marker.Length + 10)..text.IndexOf($"// {marker}-END", StringComparison.Ordinal)];

    /// <summary>A method body's lines as the README shows them: without their 8 spaces of indent.</summary>
    public static string Unindented(string block) =>
        string.Join('\n', block.Split('\n').Select(line => line.Length >= 8 ? line[8..] : line.TrimStart()));
}
