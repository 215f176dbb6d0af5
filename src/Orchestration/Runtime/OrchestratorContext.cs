using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Effects;
using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Store;
using Canic.Fsm.Orchestration.Telemetry;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Orchestration.Runtime;

/// <summary>
/// What every machine and workflow of one orchestrator reaches: the store, the IC, the configuration,
/// metrics, logging and time. Commits go through <see cref="Commit{T}"/> so that hooks see each one.
/// </summary>
internal sealed class OrchestratorContext
{
    private long _commits;

    public OrchestratorContext(OrchestrationStore store, IManagementCanister management, ICyclesLedger ledger,
        OrchestratorConfig config, OrchestratorMetrics metrics, ILogger logger, TimeProvider time, IOrchestratorHooks hooks)
    {
        Store = store;
        // Every IC call gets a client span (a no-op without a listener); CanisterCalls goes through it too.
        Management = new TracedManagementCanister(management);
        Ledger = new TracedCyclesLedger(ledger);
        Config = config;
        Metrics = metrics;
        Logger = logger;
        Time = time;
        Hooks = hooks;
        Ids = new IdGenerator(time);
        Retry = new IcRetry(config.Retry, time, metrics);
        Calls = new CanisterCalls(Management, Retry);
    }

    public OrchestrationStore Store { get; }
    public IManagementCanister Management { get; }
    public ICyclesLedger Ledger { get; }
    public OrchestratorConfig Config { get; }
    public OrchestratorMetrics Metrics { get; }
    public ILogger Logger { get; }
    public TimeProvider Time { get; }
    public IOrchestratorHooks Hooks { get; }
    public IdGenerator Ids { get; }
    public CanisterCalls Calls { get; }

    /// <summary>The retry policy every IC call goes through.</summary>
    public IcRetry Retry { get; }

    /// <summary>The orchestrator's own principal: it stays a controller of every canister it holds.</summary>
    public Principal Self => Management.Caller;

    /// <summary>Units of work committed so far by this orchestrator.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Raised after a committed change of interest.</summary>
    public event EventHandler<OrchestratorTransition>? Transitioned;

    /// <summary>Raised on a machine's loop for every state it enters (not persisted; for observers such as a dashboard).</summary>
    public event EventHandler<OrchestratorTransition>? MachineTransitioned;

    /// <summary>Runs <paramref name="work"/> as one unit of work (one commit), blocking the calling thread until it is committed.</summary>
    public T Commit<T>(Func<StoreTransaction, T> work)
    {
        Hooks.BeforeCommit();
        var result = Store.Write(work);
        Committed();
        return result;
    }

    /// <summary>Runs <paramref name="work"/> as one unit of work (one commit), blocking the calling thread until it is committed.</summary>
    public void Commit(Action<StoreTransaction> work) => Commit<object?>(tx => { work(tx); return null; });

    /// <summary>
    /// Runs <paramref name="work"/> as one unit of work and completes once it is committed, without holding a thread
    /// meanwhile: concurrent callers share the store's group commit (a savepoint each, one COMMIT). The task completes
    /// only after the COMMIT, so an effect awaited after it still follows its intent. Not cancellable on purpose: the
    /// outcome of an effect that already happened must still be recorded.
    /// </summary>
    public async Task<T> CommitAsync<T>(Func<StoreTransaction, T> work)
    {
        Hooks.BeforeCommit();
        var result = await Store.WriteAsync(work).ConfigureAwait(false);
        Committed();
        return result;
    }

    /// <summary>Runs <paramref name="work"/> as one unit of work; see <see cref="CommitAsync{T}(Func{StoreTransaction, T})"/>.</summary>
    public Task CommitAsync(Action<StoreTransaction> work) => CommitAsync<object?>(tx => { work(tx); return null; });

    private void Committed()
    {
        Interlocked.Increment(ref _commits);
        Hooks.AfterCommit();
    }

    /// <summary>Reports a committed change to the log and to <see cref="Transitioned"/> observers.</summary>
    public void Report(string machine, string id, string from, string to, string? reason = null)
    {
        if (Logger.IsEnabled(LogLevel.Information))
            Logger.LogInformation("{Machine} {Id}: {From} -> {To}{Reason}", machine, id, from.Length == 0 ? "(new)" : from, to,
                reason is null ? "" : $" ({reason})");
        Transitioned?.Invoke(this, new OrchestratorTransition(machine, id, from, to, reason));
    }

    /// <summary>Reports a state entered by the machine of chart <paramref name="chart"/> for record <paramref name="id"/> (a stop is not a state).</summary>
    public void ReportMachine(string chart, string id, StateMachine.Transition transition)
    {
        if (transition.To is null || MachineTransitioned is not { } observers) return;
        observers.Invoke(this, new OrchestratorTransition(chart, id, transition.From?.ToString() ?? "", transition.To.ToString()!, transition.Cause.ToString()));
    }
}
