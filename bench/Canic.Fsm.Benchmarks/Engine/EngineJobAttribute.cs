using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace Canic.Fsm.Benchmarks.Engine;

/// <summary>The short job every engine throughput benchmark uses, with allocations per operation.</summary>
public sealed class EngineJobAttribute : Attribute, IConfigSource
{
    public IConfig Config { get; } = ManualConfig.CreateEmpty()
        .AddJob(Job.Default.WithStrategy(RunStrategy.Throughput).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5))
        .AddDiagnoser(MemoryDiagnoser.Default);
}
