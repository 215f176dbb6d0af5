using System.Runtime.ExceptionServices;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Orchestration.Metrics;
using Polly;
using Polly.Retry;

namespace Canic.Fsm.Orchestration.Effects;

/// <summary>What one retried call ended with: its last outcome, how many sends it took, and whether the budget ran out.</summary>
/// <param name="Value">The last outcome.</param>
/// <param name="Sends">Sends made, the first included.</param>
/// <param name="BudgetSpent">True when the last outcome was still retryable but no retry was left (attempts or time).</param>
internal sealed record Retried<T>(T Value, int Sends, bool BudgetSpent);

/// <summary>
/// The retry policy of IC calls (Polly's retry strategy on the orchestrator's <see cref="TimeProvider"/>): a transient reject
/// (code 2) is always retried; an unknown outcome only when the caller says the call is idempotent. Jittered exponential
/// backoff, at most <see cref="RetrySettings.MaxAttempts"/> sends, and no retry starts after <see cref="RetrySettings.MaxTotal"/>.
/// A definitive reject (codes 1, 3, 4, 5) ends the call at once. Retries and final outcomes are counted in the metrics.
/// </summary>
internal sealed class IcRetry
{
    private static readonly ResiliencePropertyKey<CallState> StateKey = new("canic.ic.call");

    private readonly ResiliencePipeline _pipeline;
    private readonly RetrySettings _settings;
    private readonly TimeProvider _time;
    private readonly OrchestratorMetrics _metrics;

    public IcRetry(RetrySettings settings, TimeProvider time, OrchestratorMetrics metrics)
    {
        _settings = settings;
        _time = time;
        _metrics = metrics;
        _pipeline = settings.MaxAttempts <= 1 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context, args.Outcome)),
                OnRetry = args =>
                {
                    var state = args.Context.Properties.GetValue(StateKey, null!);
                    _metrics.RecordIcRetry(state.Method, state.Classify(args.Outcome.Result, args.Outcome.Exception) ?? "unknown");
                    return default;
                },
            })
            .Build();
    }

    /// <summary>The policy's settings.</summary>
    public RetrySettings Settings => _settings;

    /// <summary>
    /// Runs a management call. A transient reject is retried; an unknown outcome too when <paramref name="idempotent"/>, and
    /// otherwise thrown at once (the caller reconciles). Throws the definitive reject as it came, or
    /// <see cref="IcRetryBudgetSpentException"/> when the budget ran out on a retryable failure.
    /// </summary>
    public async Task<T> CallAsync<T>(string method, bool idempotent, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var retried = await RunAsync(method, call, (_, e) => RetryReason(e, idempotent), ct).ConfigureAwait(false);
        return retried.Value;
    }

    /// <summary>Like <see cref="CallAsync{T}"/> for a call without a result.</summary>
    public Task CallAsync(string method, bool idempotent, Func<CancellationToken, Task> call, CancellationToken ct) =>
        CallAsync<bool>(method, idempotent, async token => { await call(token).ConfigureAwait(false); return true; }, ct);

    /// <summary>
    /// Runs a call whose answers decide themselves whether to retry: <paramref name="retryReason"/> returns the reason to send
    /// again (a metric tag) or null when the outcome is final. An exception no reason covers is thrown; a retryable one left
    /// when the budget is spent is thrown as <see cref="IcRetryBudgetSpentException"/>; a retryable value is returned with
    /// <see cref="Retried{T}.BudgetSpent"/> set.
    /// </summary>
    public async Task<Retried<T>> RunAsync<T>(string method, Func<CancellationToken, Task<T>> call, Func<T?, Exception?, string?> retryReason, CancellationToken ct)
    {
        var state = new CallState(method, (r, e) => retryReason(r is T t ? t : default, e), _time.GetTimestamp());
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(StateKey, state);
        Outcome<T> outcome;
        try
        {
            outcome = await _pipeline.ExecuteOutcomeAsync(static async (ctx, s) =>
            {
                var (st, run) = s;
                st.Sends++;
                try { return Outcome.FromResult(await run(ctx.CancellationToken).ConfigureAwait(false)); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    if (e is IcUnknownOutcomeException) st.MayHaveApplied = true;
                    return Outcome.FromException<T>(e);
                }
            }, context, (state, call)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
        var spent = state.Classify(outcome.Result, outcome.Exception) is not null;
        _metrics.RecordIcCall(method, spent ? "budget_spent" : outcome.Exception switch
        {
            null => "ok",
            IcUnknownOutcomeException => "unknown_outcome",
            IcRejectException => "definitive_reject",
            _ => "error",
        });
        if (outcome.Exception is { } error)
        {
            if (spent) throw new IcRetryBudgetSpentException(method, state.Sends, _time.GetElapsedTime(state.Started), state.MayHaveApplied, error);
            ExceptionDispatchInfo.Throw(error);
        }
        return new Retried<T>(outcome.Result!, state.Sends, spent);
    }

    /// <summary>The retry reason of a failed management call, or null when the failure is final.</summary>
    public static string? RetryReason(Exception? error, bool idempotent) => error switch
    {
        IcRejectException { Code: RejectCode.SysTransient } => TransientReject,
        IcUnknownOutcomeException when idempotent => UnknownOutcome,
        _ => null,
    };

    /// <summary>Metric reason of a retry after a transient reject.</summary>
    public const string TransientReject = "transient_reject";

    /// <summary>Metric reason of a retry after an unknown outcome.</summary>
    public const string UnknownOutcome = "unknown_outcome";

    private bool ShouldRetry(ResilienceContext context, Outcome<object> outcome)
    {
        var state = context.Properties.GetValue(StateKey, null!);
        return state.Classify(outcome.Result, outcome.Exception) is not null && _time.GetElapsedTime(state.Started) < _settings.MaxTotal;
    }

    private sealed class CallState(string method, Func<object?, Exception?, string?> classify, long started)
    {
        public string Method { get; } = method;
        public Func<object?, Exception?, string?> Classify { get; } = classify;
        public long Started { get; } = started;
        public int Sends { get; set; }
        public bool MayHaveApplied { get; set; }
    }
}

/// <summary>
/// An IC call whose retries were used up (attempts or total time) while its failure was still retryable (a transient
/// reject, or an unknown outcome of an idempotent call). Not a definitive answer: the call may succeed later.
/// </summary>
internal sealed class IcRetryBudgetSpentException(string method, int sends, TimeSpan elapsed, bool mayHaveApplied, Exception last)
    : Exception($"{method}: retry budget spent after {sends} send(s) in {elapsed.TotalSeconds:0.###} s; last: {last.Message}", last)
{
    public string Method { get; } = method;

    /// <summary>True when one of the sends had an unknown outcome: the call may have taken effect.</summary>
    public bool MayHaveApplied { get; } = mayHaveApplied;
}
