namespace Canic.Fsm.Ic.Tests.Support;

/// <summary>The folder of Canic.Fsm.sln above the test binaries (null when the tests run outside a checkout).</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string?> Folder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Canic.Fsm.sln"))) return dir.FullName;
        }
        return null;
    });

    public static string? Path => Folder.Value;
}
