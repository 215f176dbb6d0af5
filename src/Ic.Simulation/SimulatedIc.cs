namespace Canic.Fsm.Ic.Simulation;

/// <summary>
/// An in-process Internet Computer: the management canister and the cycles ledger with the semantics of the IC
/// interface specification and the cycles ledger's interface (the ones this repository relies on are pinned by
/// <c>tests/Ic.Simulation.Tests</c>), fault injection from a <see cref="FaultPlan"/>, and inspection for tests.
/// Thread-safe: one lock guards the whole network, and a call without latency completes synchronously.
/// State lives in memory (<see cref="SimulatedIc(SimulatedIcOptions?, TimeProvider?)"/>) or is written
/// through to its own SQLite file (<see cref="OpenFile"/>).
/// </summary>
public sealed class SimulatedIc : IDisposable
{
    private readonly Lock _gate = new();
    private readonly NetworkState _state;
    private readonly SimulatedIcDatabase? _database;
    private readonly CallLog _calls;
    private volatile FaultPlan _faults = FaultPlan.None;

    /// <summary>Creates a network held in memory only.</summary>
    /// <param name="options">Fees, windows, id range; null for the defaults.</param>
    /// <param name="time">The clock of the ledger and of injected latency; null for the system clock.</param>
    public SimulatedIc(SimulatedIcOptions? options = null, TimeProvider? time = null) : this(options, time, null) { }

    private SimulatedIc(SimulatedIcOptions? options, TimeProvider? time, SimulatedIcDatabase? database)
    {
        Options = options ?? new SimulatedIcOptions();
        Options.Validate();
        Time = time ?? TimeProvider.System;
        _database = database;
        _state = new NetworkState(Options, tracksChanges: database is not null);
        _calls = new CallLog(Options.CallLogCapacity);
        LedgerWindow = new LedgerWindow(Options, Time);
        database?.LoadInto(_state);
    }

    /// <summary>
    /// Opens a network kept in the SQLite file at <paramref name="path"/> (created if missing): a later
    /// <see cref="OpenFile"/> of the same file finds the same canisters, balances and deduplication entries.
    /// The call log and call numbers start afresh.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file comes from a newer version of the simulator.</exception>
    /// <exception cref="InvalidDataException">A row of the file cannot be read; the message names it.</exception>
    public static SimulatedIc OpenFile(string path, SimulatedIcOptions? options = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var database = SimulatedIcDatabase.Open(path);
        try
        {
            return new SimulatedIc(options, time, database);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>The configuration.</summary>
    public SimulatedIcOptions Options { get; }

    /// <summary>The clock of the ledger (<c>created_at_time</c> checks) and of injected latency.</summary>
    public TimeProvider Time { get; }

    /// <summary>The ledger's deduplication window, shared by every caller's ledger port.</summary>
    internal LedgerWindow LedgerWindow { get; }

    /// <summary>The faults injected into calls from now on; <see cref="FaultPlan.None"/> by default.</summary>
    public FaultPlan Faults
    {
        get => _faults;
        set => _faults = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The management canister as <paramref name="caller"/> calls it.</summary>
    public IManagementCanister ManagementCanisterFor(Principal caller) => new SimulatedManagementCanister(this, caller);

    /// <summary>The cycles ledger as <paramref name="caller"/> calls it.</summary>
    public ICyclesLedger CyclesLedgerFor(Principal caller) => new SimulatedCyclesLedger(this, caller);

    /// <summary>Setup: mints <paramref name="amount"/> cycles into a ledger account.</summary>
    public void Mint(Account account, Cycles amount) => Mutate(state =>
    {
        state.SetBalance(account, state.BalanceOf(account) + amount);
        state.Minted += amount;
    });

    /// <summary>Test hook: sets the memory size canister_status reports, to simulate a canister's growth.</summary>
    /// <exception cref="ArgumentException">The canister does not exist.</exception>
    public void SetMemorySize(Principal canisterId, ulong bytes) => Mutate(state =>
    {
        var canister = state.Canisters.GetValueOrDefault(canisterId)
            ?? throw new ArgumentException($"No canister {canisterId} on this simulated network.", nameof(canisterId));
        canister.MemorySize = bytes;
        state.Changed(canister);
    });

    /// <summary>One canister as it is now (deleted ones included), or null if it never existed.</summary>
    public CanisterSnapshot? Canister(Principal canisterId)
    {
        lock (_gate) return _state.Canisters.GetValueOrDefault(canisterId)?.ToSnapshot();
    }

    /// <summary>The whole network as it is now.</summary>
    public SimulatedIcSnapshot Snapshot()
    {
        lock (_gate) return _state.ToSnapshot();
    }

    /// <summary>The most recent calls, in arrival order (see <see cref="SimulatedIcOptions.CallLogCapacity"/>).</summary>
    public IReadOnlyList<CallRecord> CallLog()
    {
        lock (_gate) return _calls.ToArray();
    }

    /// <summary>How many calls of <paramref name="method"/> arrived since this instance started.</summary>
    public long CallCount(IcMethod method)
    {
        lock (_gate) return _calls.CallsOf(method);
    }

    /// <summary>Closes the SQLite file, if any.</summary>
    public void Dispose()
    {
        lock (_gate) _database?.Dispose();
    }

    /// <summary>A call through the fault plan: numbered and logged, then rejected, delayed, applied, or applied with its reply lost.</summary>
    internal Task<T> Call<T>(IcMethod method, Principal caller, Func<NetworkState, T> effect, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        Fault? fault;
        lock (_gate) fault = _calls.Register(method, caller, _faults);
        return fault is Fault.Latency latency
            ? AfterLatencyAsync(latency.Duration, method, effect, cancellationToken)
            : Complete(method, fault, effect);
    }

    /// <summary>A call without a result value.</summary>
    internal Task Call(IcMethod method, Principal caller, Action<NetworkState> effect, CancellationToken cancellationToken) =>
        Call<bool>(method, caller, state => { effect(state); return true; }, cancellationToken);

    private async Task<T> AfterLatencyAsync<T>(TimeSpan delay, IcMethod method, Func<NetworkState, T> effect, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, Time, cancellationToken).ConfigureAwait(false);
        return await Complete(method, null, effect).ConfigureAwait(false);
    }

    private Task<T> Complete<T>(IcMethod method, Fault? fault, Func<NetworkState, T> effect)
    {
        try
        {
            switch (fault)
            {
                case Fault.Reject reject:
                    throw new IcRejectException(method.CandidName(), reject.Code, reject.Message, reject.ErrorCode);
                case Fault.TimedOutBeforeApplied:
                    throw new IcUnknownOutcomeException(method.CandidName(), "simulated timeout before the call reached the IC");
                case Fault.AppliedButReplyLost:
                    try { Mutate(effect); }
                    catch (IcRejectException) { /* the caller never learns of the reject either */ }
                    throw new IcUnknownOutcomeException(method.CandidName(), "simulated lost reply after the call took effect");
                default:
                    return Task.FromResult(Mutate(effect));
            }
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }

    private void Mutate(Action<NetworkState> effect) => Mutate<bool>(state => { effect(state); return true; });

    /// <summary>Applies an effect under the lock and writes what it changed through to the file, if any.</summary>
    private T Mutate<T>(Func<NetworkState, T> effect)
    {
        lock (_gate)
        {
            try
            {
                return effect(_state);
            }
            finally
            {
                // Effects check before they change anything, so a reject leaves nothing to write.
                if (_database is not null) _database.Save(_state);
            }
        }
    }
}
