namespace Canic.Fsm.Worker.Tests.Support;

/// <summary>The smallest valid WebAssembly module (magic and version), written to a test's directory.</summary>
internal static class TestModule
{
    private static readonly byte[] EmptyModule = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

    public static string WriteTo(string directory)
    {
        var path = Path.Combine(directory, "test.wasm");
        File.WriteAllBytes(path, EmptyModule);
        return path;
    }
}
