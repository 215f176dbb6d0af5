namespace Canic.Fsm.Hosting.Tests;

/// <summary>Each test gets a directory of its own for the database, the simulated IC's file and the role module.</summary>
public abstract class HostingTestBase
{
    protected string Folder { get; private set; } = null!;

    [SetUp]
    public void CreateDirectory() => Folder = Directory.CreateTempSubdirectory("canic-hosting-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(Folder, recursive: true);
}
