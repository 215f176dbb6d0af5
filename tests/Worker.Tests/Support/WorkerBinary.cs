namespace Canic.Fsm.Worker.Tests.Support;

/// <summary>Where the built <c>canic-fsm.dll</c> is: the worker's own output folder, built with this test project.</summary>
internal static class WorkerBinary
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Path { get; } = FindDll();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Canic.Fsm.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Canic.Fsm.sln above {AppContext.BaseDirectory}");
    }

    private static string FindDll()
    {
        // tests/Worker.Tests/bin/<Configuration>/net10.0/ -> src/Worker/bin/<Configuration>/net10.0/canic-fsm.dll
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var dll = System.IO.Path.Combine(RepositoryRoot, "src", "Worker", "bin", configuration, framework.Name, "canic-fsm.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"the worker is not built: {dll}");
    }
}
