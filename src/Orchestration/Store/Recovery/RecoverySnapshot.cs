using Canic.Fsm.Orchestration.Domain;

namespace Canic.Fsm.Orchestration.Store;

/// <summary>The records start-up recovery must resume, each list oldest first.</summary>
/// <param name="PoolEntries">Pool entries in PendingReset, Claimed or Recycling.</param>
/// <param name="Attempts">Attempts neither Committed nor Failed (Blocked included: the operator must see them).</param>
/// <param name="CreationIntents">Creation records still in Intent: unknown outcomes to reconcile.</param>
/// <param name="OpenReservations">Reservations still open.</param>
public sealed record RecoverySnapshot(
    IReadOnlyList<PoolEntry> PoolEntries,
    IReadOnlyList<ProvisioningAttempt> Attempts,
    IReadOnlyList<CreationRecord> CreationIntents,
    IReadOnlyList<Reservation> OpenReservations);
