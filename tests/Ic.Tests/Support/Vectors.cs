using System.Text.Json;

namespace Canic.Fsm.Ic.Tests.Support;

/// <summary>
/// The shared IC vectors (agent-js outputs, identities, real mainnet certificates), read at run time from
/// <c>../shared/ic_cert_vectors</c> relative to the repository root. Tests that need them are ignored, with that
/// reason, where the folder is absent; the files are never copied into the repository.
/// </summary>
internal static class Vectors
{
    private static readonly Lazy<string?> Folder = new(FindFolder);
    private static readonly Lazy<string[]> AgentJsLines = new(() => File.ReadAllLines(Path("agent_js_vectors.txt")));

    public static string Path(string file)
    {
        var folder = Folder.Value;
        if (folder is null || !File.Exists(System.IO.Path.Combine(folder, file)))
            Assert.Ignore($"The IC vectors are absent: {file} is not in ../shared/ic_cert_vectors relative to the repository root.");
        return System.IO.Path.Combine(folder!, file);
    }

    /// <summary>The path of a vector file, or null when absent (for test case sources, which cannot ignore).</summary>
    public static string? TryPath(string file)
    {
        var folder = Folder.Value;
        return folder is not null && File.Exists(System.IO.Path.Combine(folder, file)) ? System.IO.Path.Combine(folder, file) : null;
    }

    private static string? FindFolder() =>
        RepositoryRoot.Path is { } root ? System.IO.Path.GetFullPath(System.IO.Path.Combine(root, "..", "shared", "ic_cert_vectors")) : null;

    /// <summary>The value after the last ": " of the agent-js line starting with <paramref name="prefix"/>.</summary>
    public static string AgentJs(string prefix)
    {
        _ = Path("agent_js_vectors.txt");
        var line = AgentJsLines.Value.Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No agent-js vector line starts with '{prefix}'.");
        return line[(line.LastIndexOf(": ", StringComparison.Ordinal) + 2)..].Trim();
    }

    public static byte[] AgentJsHex(string prefix) => Convert.FromHexString(AgentJs(prefix));

    public static JsonElement Json(string file) => JsonDocument.Parse(File.ReadAllText(Path(file))).RootElement;

    public static byte[] HexFile(string file) => Convert.FromHexString(File.ReadAllText(Path(file)).Trim());

    /// <summary>The bytes of a hex string property of a vector.</summary>
    public static byte[] Hex(this JsonElement element, string property) =>
        Convert.FromHexString(element.GetProperty(property).GetString()!);
}
