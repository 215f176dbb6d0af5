namespace Canic.Fsm.Benchmarks.Bls;

/// <summary>The shared IC vector folder, ../shared/ic_cert_vectors next to the repository root, read at run time (never copied here).</summary>
internal static class SharedVectors
{
    internal static string Path(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "Canic.Fsm.sln"))) continue;
            var path = System.IO.Path.Combine(dir.FullName, "..", "shared", "ic_cert_vectors", fileName);
            if (File.Exists(path)) return path;
            break;
        }
        throw new FileNotFoundException($"{fileName} is read from ../shared/ic_cert_vectors next to the repository root");
    }
}
