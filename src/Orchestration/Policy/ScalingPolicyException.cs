namespace Canic.Fsm.Orchestration.Policy;

/// <summary>Why the scaling policy could not plan at all.</summary>
public enum ScalingPolicyError
{
    /// <summary>There is no scaling configuration.</summary>
    ScalingDisabled,
    /// <summary>The scaling configuration has no pool of that name.</summary>
    PoolNotFound,
}

/// <summary>The scaling policy was asked about a pool it cannot plan for; nothing is to be created.</summary>
public sealed class ScalingPolicyException : Exception
{
    /// <summary>Creates the error for <paramref name="pool"/>.</summary>
    public ScalingPolicyException(ScalingPolicyError error, string pool, string message) : base(message)
    {
        Error = error;
        Pool = pool;
    }

    /// <summary>What went wrong.</summary>
    public ScalingPolicyError Error { get; }

    /// <summary>The pool that was asked about.</summary>
    public string Pool { get; }
}
