using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Domain;

/// <summary>The states of a scaling worker.</summary>
public enum ScalingWorkerStatus
{
    /// <summary>Being provisioned by <see cref="ScalingWorker.AttemptId"/>; counts against max_workers already.</summary>
    Creating,
    /// <summary>Provisioned and registered in its pool.</summary>
    Registered,
}

/// <summary>A worker of a scaling pool.</summary>
/// <param name="Pool">The scaling pool name.</param>
/// <param name="Seq">Creation order inside the pool, from 1.</param>
/// <param name="Pid">The worker canister, once provisioned.</param>
/// <param name="AttemptId">The provisioning attempt that creates it.</param>
/// <param name="Status">Creating or Registered.</param>
/// <param name="IsCurrent">Whether it still counts as a member of the pool (false once retired; the row is kept as history).</param>
/// <param name="PlannedAt">When it was planned: the request time of its attempt, recorded in the same unit of work (null only
/// when the attempt row is missing).</param>
public sealed record ScalingWorker(string Pool, long Seq, Principal? Pid, string AttemptId, ScalingWorkerStatus Status, bool IsCurrent,
    DateTimeOffset? PlannedAt = null);
