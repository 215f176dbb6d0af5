using BenchmarkDotNet.Attributes;
using Canic.Fsm.Ic.Bls;

namespace Canic.Fsm.Benchmarks.Bls;

/// <summary>The base-field operations every BLS figure is built from, per operation (chains of 1,000).</summary>
[Config(typeof(BlsJob))]
public class FieldBenchmarks
{
    private const int Chain = 1000;
    private Fp _a = Fp.FromBig(System.Numerics.BigInteger.Parse("123456789123456789123456789"));
    private Fp2 _b = new(Fp.FromBig(7), Fp.FromBig(11));

    [Benchmark(OperationsPerInvoke = Chain)]
    public ulong FpMul()
    {
        var x = _a;
        for (var i = 0; i < Chain; i++) x = Fp.Mul(x, _a);
        return x.GetHashCode() == 0 ? 1UL : 0UL;
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public ulong FpSquare()
    {
        var x = _a;
        for (var i = 0; i < Chain; i++) x = Fp.Square(x);
        return x.GetHashCode() == 0 ? 1UL : 0UL;
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public ulong FpAdd()
    {
        var x = _a;
        for (var i = 0; i < Chain; i++) x = Fp.Add(x, _a);
        return x.GetHashCode() == 0 ? 1UL : 0UL;
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public ulong Fp2Mul()
    {
        var x = _b;
        for (var i = 0; i < Chain; i++) x = Fp2.Mul(x, _b);
        return x.GetHashCode() == 0 ? 1UL : 0UL;
    }
}
