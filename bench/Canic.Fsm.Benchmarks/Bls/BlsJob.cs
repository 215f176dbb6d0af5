using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Canic.Fsm.Benchmarks.Bls;

/// <summary>
/// The BLS benchmarks' job: one warm-up and six iterations, in process. Each invocation already runs 128 verifications,
/// and building a separate benchmark project took longer than the measurements on the shared machine.
/// </summary>
public sealed class BlsJob : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public BlsJob() =>
        AddJob(Job.Default.WithStrategy(RunStrategy.Throughput).WithWarmupCount(1).WithIterationCount(6)
            .WithToolchain(InProcessEmitToolchain.Instance));
}
