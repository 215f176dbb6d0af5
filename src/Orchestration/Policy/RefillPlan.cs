namespace Canic.Fsm.Orchestration.Policy;

/// <summary>What the periodic check observed of the pool.</summary>
/// <param name="Ready">Entries in Ready.</param>
/// <param name="Pooled">Every pool row that still owns a canister, whatever its state (Ready, PendingReset, Failed, Claimed, in use, recycling).</param>
/// <param name="PendingCreations">Creation records whose canister is not yet a pool row (in flight, waiting for funds, or blocked).</param>
public readonly record struct PoolObservation(int Ready, int Pooled, int PendingCreations);

/// <summary>Why the periodic check creates what it creates.</summary>
public enum RefillReason
{
    /// <summary>Ready plus pending creations reach minimum_size: nothing to create.</summary>
    Satisfied,
    /// <summary>Canisters are missing and are all created this check.</summary>
    Refill,
    /// <summary>Canisters are missing; this check creates only <see cref="PoolRefillPolicy.MaxCreationsPerCheck"/>.</summary>
    CappedPerCheck,
    /// <summary>Canisters are missing but maximum_size leaves room for fewer (possibly none).</summary>
    CappedByMaximum,
}

/// <summary>The answer of <see cref="PoolRefillPolicy.PlanRefill"/>.</summary>
/// <param name="ToCreate">Canisters to create this check (0 to 10).</param>
/// <param name="Missing">How many Ready canisters minimum_size still lacks once pending creations land.</param>
/// <param name="Reason">Why <paramref name="ToCreate"/> is what it is.</param>
/// <param name="Message">The decision in words, e.g. <c>pool low: 2/5 ready, 1 pending creation, creating 2</c>.</param>
public sealed record RefillPlan(int ToCreate, int Missing, RefillReason Reason, string Message);
