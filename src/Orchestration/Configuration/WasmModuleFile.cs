namespace Canic.Fsm.Orchestration.Configuration;

/// <summary>Reads a role's module file and checks that it looks like what <c>install_code</c> accepts.</summary>
internal static class WasmModuleFile
{
    private static readonly byte[] WasmMagic = [0x00, 0x61, 0x73, 0x6d]; // "\0asm"
    private static readonly byte[] GzipMagic = [0x1f, 0x8b];

    /// <summary>The module's full path and bytes, or null after adding the problem.</summary>
    public static (string FullPath, byte[] Bytes)? Load(string key, string path, string baseDirectory, ProblemCollector problems)
    {
        string fullPath;
        byte[] bytes;
        try
        {
            fullPath = Path.GetFullPath(path, baseDirectory);
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problems.Add(key, $"{key} '{path}' cannot be read: {e.Message}");
            return null;
        }
        if (bytes.AsSpan().StartsWith(WasmMagic) || bytes.AsSpan().StartsWith(GzipMagic)) return (fullPath, bytes);
        problems.Add(key, $"{key} '{path}' is not a WebAssembly module: it starts with neither \\0asm nor the gzip magic ({bytes.Length} bytes read from {fullPath}).");
        return null;
    }
}
