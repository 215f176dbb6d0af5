namespace Canic.Fsm.Benchmarks.Bls;

/// <summary>One line sk:msg:sig:pk of the shared min-sig vector file, read at run time (never copied here).</summary>
internal sealed record MinSigLine(byte[] Message, byte[] Signature, byte[] PublicKey)
{
    internal const string FileName = "bls12381_min_sig_nul_vectors.txt";

    internal static MinSigLine[] Load()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Canic.Fsm.sln"))) continue;
            var path = Path.Combine(dir.FullName, "..", "shared", "ic_cert_vectors", FileName);
            if (!File.Exists(path)) break;
            return File.ReadAllLines(path)
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => l.Split(':'))
                .Select(p => new MinSigLine(Convert.FromHexString(p[1]), Convert.FromHexString(p[2]), Convert.FromHexString(p[3])))
                .ToArray();
        }
        throw new FileNotFoundException($"{FileName} is read from ../shared/ic_cert_vectors next to the repository root");
    }
}
