using Canic.Fsm.Tests.Shared;
using System.Diagnostics;
using System.Globalization;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Simulation;
using Canic.Fsm.Orchestration.Telemetry;
using Canic.Fsm.Orchestration.Tests.Orchestrator;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Canic.Fsm.Orchestration.Tests.Telemetry;

/// <summary>
/// The orchestrator's traces through the OpenTelemetry SDK and its in-memory exporter: an attempt is one trace whose
/// root span has a child span per IC call it made (method, canister, outcome, reject code); a pool reset is a trace
/// of its own. Non-parallel: the activity source is process-wide, and other tests' spans must not mix in.
/// </summary>
[NonParallelizable]
public sealed class TraceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly List<Activity> _exported = [];
    private TracerProvider _tracing = null!;

    private DateTime _started;

    [SetUp]
    public void StartTracing()
    {
        _started = DateTime.UtcNow;
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(OrchestrationTelemetry.ActivitySourceName)
            .AddInMemoryExporter(_exported)
            .Build()!;
    }

    [TearDown]
    public void StopTracing() => _tracing.Dispose();

    // A span that an earlier test's orchestrator started and ended late is reported to every listener then attached: not ours.
    private Activity[] Exported()
    {
        lock (_exported) return [.. _exported.Where(a => a.StartTimeUtc >= _started)];
    }

    /// <summary>The attempt's span, once its machine has been forgotten (the span ends after the attempt's last commit).</summary>
    private async Task<Activity> AttemptSpanAsync(long id)
    {
        var text = id.ToString(CultureInfo.InvariantCulture);
        using var deadline = new CancellationTokenSource(Timeout);
        while (true)
        {
            var span = Exported().SingleOrDefault(a => a.OperationName == OrchestrationTelemetry.AttemptSpan
                && (string?)a.GetTagItem(OrchestrationTelemetry.AttemptIdTag) == text);
            if (span is not null) return span;
            await Task.Delay(10, deadline.Token);
        }
    }

    private Activity[] ChildrenOf(Activity parent) =>
        Exported().Where(a => a.ParentSpanId == parent.SpanId && a.TraceId == parent.TraceId).OrderBy(a => a.StartTimeUtc).ToArray();

    private static string? Tag(Activity a, string key) => a.GetTagItem(key)?.ToString();

    [Test]
    public async Task An_attempt_from_the_pool_is_one_trace_with_a_child_span_per_IC_call()
    {
        await using var h = new OrchestratorHarness(minimumSize: 1);
        var o = await h.OpenAsync();
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);

        var id = await o.ProvisionAsync("app");
        var attempt = await o.WaitForAttemptAsync(id).WaitAsync(Timeout);
        Assert.That(attempt.State, Is.EqualTo("Committed"), attempt.Reason);
        var span = await AttemptSpanAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(span.ParentSpanId, Is.EqualTo(default(ActivitySpanId)), "an attempt is the root of its trace");
            Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Ok));
            Assert.That(Tag(span, OrchestrationTelemetry.RoleTag), Is.EqualTo("app"));
            Assert.That(Tag(span, OrchestrationTelemetry.AttemptStateTag), Is.EqualTo("Committed"));
            Assert.That(Tag(span, OrchestrationTelemetry.AttemptSourceTag), Is.EqualTo("pool"));
            Assert.That(Tag(span, OrchestrationTelemetry.CanisterTag), Is.EqualTo(attempt.Pid));
        });
        var calls = ChildrenOf(span);
        TestContext.Out.WriteLine(string.Join("\n", calls.Select(c => $"{c.DisplayName} {Tag(c, OrchestrationTelemetry.CanisterTag)} {Tag(c, OrchestrationTelemetry.OutcomeTag)}")));
        Assert.That(calls.Select(c => c.DisplayName), Is.EqualTo(new[] { "aaaaa-aa/update_settings", "aaaaa-aa/install_code" }));
        Assert.Multiple(() =>
        {
            foreach (var call in calls)
            {
                Assert.That(call.Kind, Is.EqualTo(ActivityKind.Client));
                Assert.That(Tag(call, OrchestrationTelemetry.CanisterTag), Is.EqualTo(attempt.Pid));
                Assert.That(Tag(call, OrchestrationTelemetry.OutcomeTag), Is.EqualTo("replied"));
                Assert.That(call.GetTagItem(OrchestrationTelemetry.RejectCodeTag), Is.Null);
                Assert.That(call.StartTimeUtc, Is.GreaterThanOrEqualTo(span.StartTimeUtc));
                Assert.That(call.StartTimeUtc + call.Duration, Is.LessThanOrEqualTo(span.StartTimeUtc + span.Duration));
            }
        });
        // The reset that made the claimed canister Ready is a trace of its own, not part of the attempt's.
        Assert.That(Exported().Where(a => a.TraceId == span.TraceId && a.OperationName == OrchestrationTelemetry.ResetSpan), Is.Empty);
    }

    [Test]
    public async Task A_lost_reply_then_a_rejected_install_are_each_on_their_call_span_and_the_failed_attempt_on_the_root()
    {
        await using var h = new OrchestratorHarness(minimumSize: 0);
        // The attempt creates a canister (empty pool); the reply to its update_settings is lost (applied), the resend
        // is answered, then its install is rejected: it compensates and fails.
        h.Ic.Faults = FaultPlan.None
            .On(IcMethod.UpdateSettings, 1, new Fault.AppliedButReplyLost())
            .On(IcMethod.InstallCode, 1, new Fault.Reject(RejectCode.CanisterReject, "module rejected", "IC0505"));
        var o = await h.OpenAsync();

        var id = await o.ProvisionAsync("app");
        var attempt = await o.WaitForAttemptAsync(id).WaitAsync(Timeout);
        Assert.That(attempt.State, Is.EqualTo("Failed"));
        var span = await AttemptSpanAsync(id);
        var calls = ChildrenOf(span);
        TestContext.Out.WriteLine(string.Join("\n", calls.Select(c => $"{c.DisplayName} {Tag(c, OrchestrationTelemetry.CanisterTag)} {Tag(c, OrchestrationTelemetry.OutcomeTag)}")));

        var install = calls.Single(c => Tag(c, OrchestrationTelemetry.MethodTag) == "install_code");
        Assert.Multiple(() =>
        {
            Assert.That(calls.Select(c => $"{c.DisplayName} {Tag(c, OrchestrationTelemetry.OutcomeTag)}"), Is.EqualTo(new[]
            {
                "cycles_ledger/create_canister replied", "aaaaa-aa/update_settings unknown", "aaaaa-aa/update_settings replied",
                "aaaaa-aa/install_code rejected",
            }));
            Assert.That(calls[1].Status, Is.EqualTo(ActivityStatusCode.Error), "an unknown outcome is an error of that call");
            Assert.That(Tag(install, OrchestrationTelemetry.OutcomeTag), Is.EqualTo("rejected"));
            Assert.That(install.GetTagItem(OrchestrationTelemetry.RejectCodeTag), Is.EqualTo((int)RejectCode.CanisterReject));
            Assert.That(Tag(install, OrchestrationTelemetry.RejectNameTag), Is.EqualTo("CanisterReject"));
            Assert.That(Tag(install, OrchestrationTelemetry.ErrorCodeTag), Is.EqualTo("IC0505"));
            Assert.That(install.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(install.StatusDescription, Is.EqualTo("module rejected"));
            Assert.That(Tag(install, OrchestrationTelemetry.CanisterTag), Is.EqualTo(attempt.Pid));
            Assert.That(Tag(calls[0], OrchestrationTelemetry.CanisterTag), Is.EqualTo(attempt.Pid), "the created canister, once known");
            Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(Tag(span, OrchestrationTelemetry.AttemptStateTag), Is.EqualTo("Failed"));
            Assert.That(Tag(span, OrchestrationTelemetry.ReasonTag), Is.EqualTo(attempt.Reason));
        });
    }

    [Test]
    public async Task An_attempt_stopped_mid_call_ends_its_span_without_a_final_state_and_its_call_as_cancelled()
    {
        await using var h = new OrchestratorHarness(minimumSize: 1);
        var held = new HeldSettings(h.Ic.ManagementCanisterFor(OrchestratorHarness.Self));
        var o = await h.OpenAsync(management: held);
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);
        held.Arm(); // the pool's reset is done: the next update_settings is the attempt's

        var id = await o.ProvisionAsync("app");
        await held.Entered.Task.WaitAsync(Timeout);
        await o.StopAsync().WaitAsync(Timeout);

        // The in-memory exporter exports a span when it ends: the stop itself must have ended it (the attempt neither finished nor faulted).
        var text = id.ToString(CultureInfo.InvariantCulture);
        var span = Exported().SingleOrDefault(a => a.OperationName == OrchestrationTelemetry.AttemptSpan
            && (string?)a.GetTagItem(OrchestrationTelemetry.AttemptIdTag) == text);
        Assert.That(span, Is.Not.Null, "the span of an attempt stopped mid-run ends with the stop");
        var calls = ChildrenOf(span!);
        Assert.Multiple(() =>
        {
            Assert.That(span!.GetTagItem(OrchestrationTelemetry.AttemptStateTag), Is.Null, "no final state: the attempt resumes on the next start");
            Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Unset));
            Assert.That(calls.Select(c => $"{c.DisplayName} {Tag(c, OrchestrationTelemetry.OutcomeTag)}"),
                Is.EqualTo(new[] { "aaaaa-aa/update_settings cancelled" }));
        });
    }

    [Test]
    public async Task A_pool_reset_is_a_trace_of_its_own_with_its_IC_calls()
    {
        await using var h = new OrchestratorHarness(minimumSize: 1);
        var o = await h.OpenAsync();
        await o.RunToQuiescenceAsync().WaitAsync(Timeout);
        var pid = o.ListPoolEntries("Ready").Items.Single().Pid;

        var reset = Exported().Single(a => a.OperationName == OrchestrationTelemetry.ResetSpan);
        Assert.Multiple(() =>
        {
            Assert.That(reset.ParentSpanId, Is.EqualTo(default(ActivitySpanId)));
            Assert.That(Tag(reset, OrchestrationTelemetry.CanisterTag), Is.EqualTo(pid));
            Assert.That(Tag(reset, OrchestrationTelemetry.ResetFromTag), Is.EqualTo("PendingReset"));
            Assert.That(Tag(reset, OrchestrationTelemetry.ResetToTag), Is.EqualTo("Ready"));
            Assert.That(reset.Status, Is.EqualTo(ActivityStatusCode.Ok));
            Assert.That(ChildrenOf(reset).Select(c => c.DisplayName),
                Is.EqualTo(new[] { "aaaaa-aa/update_settings", "aaaaa-aa/uninstall_code", "aaaaa-aa/canister_status" }));
            Assert.That(ChildrenOf(reset).Select(c => Tag(c, OrchestrationTelemetry.CanisterTag)), Is.All.EqualTo(pid));
        });
        // The refill's create_canister ran in the pool check, not inside the reset.
        Assert.That(Exported().Count(a => a.DisplayName == "cycles_ledger/create_canister" && a.ParentSpanId == default), Is.EqualTo(1));
    }
}
