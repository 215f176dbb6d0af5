namespace Canic.Fsm.Orchestration.Store;

/// <summary>
/// The unit of work handed to <see cref="OrchestrationStore.Write{T}"/>: everything done through it commits together
/// when the delegate returns, and rolls back if it throws. Compare-and-set operations (<c>Try...</c>) return false on
/// a conflict and write nothing themselves; call <see cref="Require"/> to turn a conflict into a rollback of the
/// whole unit. Reads through it see the transaction's own writes. Valid only during its Write call.
/// </summary>
public sealed class StoreTransaction
{
    internal StoreTransaction(SqlSession session)
    {
        Pool = new PoolEntryCommands(session);
        Attempts = new AttemptCommands(session);
        Creations = new CreationCommands(session);
        Registry = new RegistryCommands(session);
        ScalingWorkers = new ScalingWorkerCommands(session);
        Reservations = new ReservationCommands(session);
    }

    /// <summary>Pool entries.</summary>
    public PoolEntryCommands Pool { get; }

    /// <summary>Provisioning attempts and their history.</summary>
    public AttemptCommands Attempts { get; }

    /// <summary>Creation records.</summary>
    public CreationCommands Creations { get; }

    /// <summary>The registry of installed canisters.</summary>
    public RegistryCommands Registry { get; }

    /// <summary>Scaling workers.</summary>
    public ScalingWorkerCommands ScalingWorkers { get; }

    /// <summary>Cycles budgets and reservations.</summary>
    public ReservationCommands Reservations { get; }

    /// <summary>Throws <see cref="ConcurrencyConflictException"/> (rolling the unit back) unless <paramref name="applied"/>.</summary>
    /// <param name="applied">The result of a compare-and-set.</param>
    /// <param name="change">What was expected, for the message, e.g. "pool entry abc-cai Ready -> Claimed".</param>
    public static void Require(bool applied, string change)
    {
        if (!applied) throw new ConcurrencyConflictException(change);
    }
}
