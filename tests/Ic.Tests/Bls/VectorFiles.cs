using System.Text.Json;

namespace Canic.Fsm.Ic.Tests.Bls;

/// <summary>
/// The shared IC vector folder, read at run time from ../shared/ic_cert_vectors next to the repository root
/// (never copied into the repository); tests that need it are ignored where it is absent.
/// </summary>
internal static class VectorFiles
{
    private static readonly Lazy<string?> Folder = new(Find);

    internal static string PathOf(string name)
    {
        var folder = Folder.Value;
        if (folder is null) Assert.Ignore("the vector folder ../shared/ic_cert_vectors (next to the repository root) is absent");
        var path = Path.Combine(folder!, name);
        if (!File.Exists(path)) Assert.Ignore($"the vector file {name} is absent from ../shared/ic_cert_vectors");
        return path;
    }

    internal static JsonElement Json(string name) => JsonDocument.Parse(File.ReadAllText(PathOf(name))).RootElement;

    internal static byte[] Hex(this JsonElement element, string property) =>
        Convert.FromHexString(element.GetProperty(property).GetString()!);

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Canic.Fsm.sln"))) continue;
            var folder = Path.Combine(dir.FullName, "..", "shared", "ic_cert_vectors");
            return Directory.Exists(folder) ? Path.GetFullPath(folder) : null;
        }
        return null;
    }
}
