namespace Canic.Fsm.Benchmarks.Bls;

/// <summary>One line sk:msg:sig:pk of the shared min-sig vector file, read at run time (never copied here).</summary>
internal sealed record MinSigLine(byte[] Message, byte[] Signature, byte[] PublicKey)
{
    internal static MinSigLine[] Load() =>
        File.ReadAllLines(SharedVectors.Path("bls12381_min_sig_nul_vectors.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(':'))
            .Select(p => new MinSigLine(Convert.FromHexString(p[1]), Convert.FromHexString(p[2]), Convert.FromHexString(p[3])))
            .ToArray();
}
