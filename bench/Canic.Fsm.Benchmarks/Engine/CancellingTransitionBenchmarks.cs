using System.Runtime.ExceptionServices;
using BenchmarkDotNet.Attributes;
using Canic.Fsm.StateMachine;

namespace Canic.Fsm.Benchmarks.Engine;

/// <summary>
/// Transitions that cancel an awaiting run, against a ping-pong with asynchronous continuations. Also
/// counts every exception thrown (first chance) while the machine runs: the target is zero.
/// </summary>
[EngineJob]
public class EngineCancellingTransitions
{
    private const int Transitions = 20_000;
    private static readonly Event Replace = _ => new Awaiting();
    private static readonly Func<object, object?> ReplaceMinimal = _ => new object();

    private readonly Countdown _countdown = new();
    private readonly Machine _machine = new();
    private readonly PingPong _pingPong = new(synchronousContinuations: false);
    private readonly MinimalMachine _minimal = new();
    private long _thrown, _measured;

    [GlobalSetup]
    public void Setup() => _machine.Start(new Awaiting());

    [GlobalCleanup]
    public void Cleanup()
    {
        _pingPong.Stop();
        _minimal.Stop();
        _machine.StopAsync().GetAwaiter().GetResult();
        if (_measured > 0)
            Console.WriteLine($"// ENGINE-EXCEPTIONS {_thrown} thrown during {_measured} cancelling transitions");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Transitions)]
    public Task AsynchronousPingPong() => _pingPong.RoundTripsAsync(Transitions);

    /// <summary>A second baseline: a new TaskCompletionSource per message, continuations queued (docs/BENCHMARKS.md).</summary>
    [Benchmark(OperationsPerInvoke = Transitions)]
    public async Task TaskCompletionSourcePingPong()
    {
        for (int i = 0; i < Transitions; i++)
        {
            var ping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = ping.Task.ContinueWith(static (_, state) => ((TaskCompletionSource)state!).SetResult(), pong, TaskScheduler.Default);
            ping.SetResult();
            await pong.Task;
        }
    }

    /// <summary>Not a target: how close the engine is to the least a cancelling transition can cost.</summary>
    [Benchmark(OperationsPerInvoke = Transitions)]
    public Task MinimalMachineTransitionsCancellingAwaitingRun()
    {
        Task done = _countdown.Reset(1);
        for (int i = 0; i < Transitions; i++) _minimal.Schedule(ReplaceMinimal);
        _minimal.Schedule(_ =>
        {
            _countdown.Signal();
            return null;
        });
        return done;
    }

    [Benchmark(OperationsPerInvoke = Transitions)]
    public async Task MachineTransitionsCancellingAwaitingRun()
    {
        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            await _machine.ScheduleAll(Replace, Transitions);
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }
        _measured += Transitions;
    }

    private void Count(object? sender, FirstChanceExceptionEventArgs e) => Interlocked.Increment(ref _thrown);
}
