namespace Canic.Fsm.Orchestration.Store;

/// <summary>
/// The queries handed to <see cref="OrchestrationStore.Read{T}"/>: they run in one read transaction on a pooled
/// connection, so they see one consistent snapshot while the writer goes on. Valid only during its Read call.
/// </summary>
public sealed class StoreReader
{
    internal StoreReader(SqlSession session)
    {
        Pool = new PoolEntryQueries(session);
        Attempts = new AttemptQueries(session);
        Creations = new CreationQueries(session);
        Registry = new RegistryQueries(session);
        ScalingWorkers = new ScalingWorkerQueries(session);
        Reservations = new ReservationQueries(session);
    }

    /// <summary>Pool entries.</summary>
    public PoolEntryQueries Pool { get; }

    /// <summary>Provisioning attempts and their history.</summary>
    public AttemptQueries Attempts { get; }

    /// <summary>Creation records.</summary>
    public CreationQueries Creations { get; }

    /// <summary>The registry of installed canisters.</summary>
    public RegistryQueries Registry { get; }

    /// <summary>Scaling workers.</summary>
    public ScalingWorkerQueries ScalingWorkers { get; }

    /// <summary>Cycles budgets and reservations.</summary>
    public ReservationQueries Reservations { get; }

    /// <summary>Every non-terminal record, read in one snapshot: what start-up recovery resumes.</summary>
    public RecoverySnapshot LoadRecovery() => new(
        Pool.ListByStatus(Domain.PoolEntryStatus.PendingReset, Domain.PoolEntryStatus.Claimed, Domain.PoolEntryStatus.Recycling),
        Attempts.ListActive(),
        Creations.ListIntents(),
        Reservations.ListOpen());
}
