using System.Diagnostics.Metrics;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Orchestration.Effects;
using Canic.Fsm.Orchestration.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Canic.Fsm.Orchestration.Tests.Effects;

/// <summary>The retry policy on a fake clock: what is retried, the jittered exponential delays, and both bounds.</summary>
[Parallelizable(ParallelScope.All)]
public class IcRetryTests
{
    private static IcRejectException Reject(RejectCode code) => new("update_settings", code, "simulated");
    private static IcUnknownOutcomeException Unknown => new("update_settings", "simulated lost reply");

    /// <summary>Runs a call whose sends fail as <paramref name="failureOfSend"/> says through the policy, advancing the fake clock in small steps until it ends.</summary>
    private static async Task<(Exception? Error, int Sends, TimeSpan Elapsed)> RunAsync(RetrySettings settings, bool idempotent,
        Func<int, Exception?> failureOfSend, OrchestratorMetrics? metrics = null)
    {
        var time = new FakeTimeProvider();
        var start = time.GetTimestamp();
        var retry = new IcRetry(settings, time, metrics ?? new OrchestratorMetrics());
        var sends = 0;
        var task = retry.CallAsync("update_settings", idempotent, _ =>
        {
            var error = failureOfSend(++sends);
            return error is null ? Task.CompletedTask : Task.FromException(error);
        }, CancellationToken.None);
        while (!task.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Yield();
            await Task.Delay(1);
        }
        Exception? caught = null;
        try { await task; } catch (Exception e) { caught = e; }
        return (caught, sends, time.GetElapsedTime(start));
    }

    private static readonly RetrySettings Settings = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), TimeSpan.FromHours(1));

    [Test]
    public async Task TransientRejectsAreRetriedWithGrowingDelaysUntilTheCallSucceeds()
    {
        var (error, sends, elapsed) = await RunAsync(Settings, idempotent: false, n => n <= 3 ? Reject(RejectCode.SysTransient) : null);
        Assert.That(error, Is.Null);
        Assert.That(sends, Is.EqualTo(4));
        // Three delays, exponential from 1 s with jitter: well above zero, below the 3 x 8 s cap.
        Assert.That(elapsed, Is.GreaterThan(TimeSpan.FromSeconds(1)).And.LessThan(TimeSpan.FromSeconds(24.5)));
    }

    [TestCase(RejectCode.SysFatal)]
    [TestCase(RejectCode.DestinationInvalid)]
    [TestCase(RejectCode.CanisterReject)]
    [TestCase(RejectCode.CanisterError)]
    public async Task ADefinitiveRejectEndsTheCallAtOnce(RejectCode code)
    {
        var (error, sends, elapsed) = await RunAsync(Settings, idempotent: true, _ => Reject(code));
        Assert.That(error, Is.InstanceOf<IcRejectException>().With.Property("Code").EqualTo(code));
        Assert.That(sends, Is.EqualTo(1));
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(0.5)));
    }

    [Test]
    public async Task AnUnknownOutcomeIsRetriedOnlyForAnIdempotentCall()
    {
        var (idempotentError, idempotentSends, _) = await RunAsync(Settings, idempotent: true, n => n == 1 ? Unknown : null);
        Assert.That(idempotentError, Is.Null);
        Assert.That(idempotentSends, Is.EqualTo(2));

        var (error, sends, _) = await RunAsync(Settings, idempotent: false, _ => Unknown);
        Assert.That(error, Is.InstanceOf<IcUnknownOutcomeException>(), "install_code's unknown outcome goes to its caller, who reconciles");
        Assert.That(sends, Is.EqualTo(1));
    }

    [Test]
    public async Task TheAttemptBoundEndsTheCallWithABudgetSpentFailureThatSaysWhetherItMayHaveApplied()
    {
        var (error, sends, _) = await RunAsync(Settings, idempotent: true, n => n % 2 == 0 ? Unknown : Reject(RejectCode.SysTransient));
        Assert.That(sends, Is.EqualTo(5));
        var spent = error as IcRetryBudgetSpentException;
        Assert.That(spent, Is.Not.Null);
        Assert.That(spent!.Message, Does.Contain("retry budget spent after 5 send(s)"));
        Assert.That(spent.MayHaveApplied, Is.True);
        Assert.That(spent.InnerException, Is.InstanceOf<IcRejectException>());
    }

    [Test]
    public async Task TheTimeBoundStopsRetryingOnceMaxTotalHasPassed()
    {
        var settings = new RetrySettings(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        var (error, sends, elapsed) = await RunAsync(settings, idempotent: false, _ => Reject(RejectCode.SysTransient));
        Assert.That(error, Is.InstanceOf<IcRetryBudgetSpentException>());
        Assert.That(((IcRetryBudgetSpentException)error!).MayHaveApplied, Is.False);
        Assert.That(sends, Is.LessThan(100), "ended by time, not by the attempt bound");
        Assert.That(elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(5)).And.LessThan(TimeSpan.FromSeconds(6.5)), "no retry starts after MaxTotal; the last delay is at most MaxDelay");
    }

    [Test]
    public async Task RetriesAndOutcomesAreCounted()
    {
        using var metrics = new OrchestratorMetrics();
        var counts = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter == metrics.Meter) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name + ":" + string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
            lock (counts) counts[key] = counts.GetValueOrDefault(key) + value;
        });
        listener.Start();

        await RunAsync(Settings, idempotent: true, n => n switch { 1 => Reject(RejectCode.SysTransient), 2 => Unknown, _ => null }, metrics);
        await RunAsync(Settings, idempotent: true, _ => Reject(RejectCode.CanisterError), metrics);
        await RunAsync(Settings, idempotent: true, _ => Reject(RejectCode.SysTransient), metrics);

        lock (counts)
        {
            Assert.That(counts.GetValueOrDefault("canic.ic.retries:method=update_settings,reason=transient_reject"), Is.EqualTo(1 + 4));
            Assert.That(counts.GetValueOrDefault("canic.ic.retries:method=update_settings,reason=unknown_outcome"), Is.EqualTo(1));
            Assert.That(counts.GetValueOrDefault("canic.ic.calls:method=update_settings,outcome=ok"), Is.EqualTo(1));
            Assert.That(counts.GetValueOrDefault("canic.ic.calls:method=update_settings,outcome=definitive_reject"), Is.EqualTo(1));
            Assert.That(counts.GetValueOrDefault("canic.ic.calls:method=update_settings,outcome=budget_spent"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task OneAttemptMeansNoRetry()
    {
        var (error, sends, _) = await RunAsync(Settings with { MaxAttempts = 1 }, idempotent: true, _ => Reject(RejectCode.SysTransient));
        Assert.That(sends, Is.EqualTo(1));
        Assert.That(error, Is.InstanceOf<IcRetryBudgetSpentException>());
    }
}
