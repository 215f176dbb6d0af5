using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Orchestration.Effects;
using Canic.Fsm.Orchestration.Ic;
using Canic.Fsm.Orchestration.Metrics;
using Canic.Fsm.Orchestration.Store;
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
        Management = management;
        Ledger = ledger;
        Config = config;
        Metrics = metrics;
        Logger = logger;
        Time = time;
        Hooks = hooks;
        Ids = new IdGenerator(time);
        Calls = new CanisterCalls(management, config.UnknownOutcomeRetries, config.RetryDelay, time);
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

    /// <summary>The orchestrator's own principal: it stays a controller of every canister it holds.</summary>
    public Principal Self => Management.Caller;

    /// <summary>Units of work committed so far by this orchestrator.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Raised after a committed change of interest.</summary>
    public event EventHandler<OrchestratorTransition>? Transitioned;

    /// <summary>Runs <paramref name="work"/> as one unit of work (one commit).</summary>
    public T Commit<T>(Func<StoreTransaction, T> work)
    {
        Hooks.BeforeCommit();
        var result = Store.Write(work);
        Interlocked.Increment(ref _commits);
        Hooks.AfterCommit();
        return result;
    }

    /// <summary>Runs <paramref name="work"/> as one unit of work (one commit).</summary>
    public void Commit(Action<StoreTransaction> work) => Commit<object?>(tx => { work(tx); return null; });

    /// <summary>Reports a committed change to the log and to <see cref="Transitioned"/> observers.</summary>
    public void Report(string machine, string id, string from, string to, string? reason = null)
    {
        if (Logger.IsEnabled(LogLevel.Information))
            Logger.LogInformation("{Machine} {Id}: {From} -> {To}{Reason}", machine, id, from.Length == 0 ? "(new)" : from, to,
                reason is null ? "" : $" ({reason})");
        Transitioned?.Invoke(this, new OrchestratorTransition(machine, id, from, to, reason));
    }
}
