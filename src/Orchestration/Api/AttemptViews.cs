namespace Canic.Fsm.Orchestration.Api;

/// <summary>A provisioning attempt.</summary>
/// <param name="Id">The attempt's id (also the operation id of its pool claim).</param>
/// <param name="Role">The role being provisioned.</param>
/// <param name="State">Its state name (Requested, Reserved, Allocating, Allocated, Installing, Committed, Compensating, Failed, Blocked).</param>
/// <param name="Reason">Why it failed or is blocked, if it did.</param>
/// <param name="Parent">The parent's textual principal, if any.</param>
/// <param name="Pid">The canister it allocated, once known.</param>
/// <param name="Source">Where the canister came from: <c>pool</c> or <c>new</c>.</param>
/// <param name="ModuleHash">The lower-case hex SHA-256 of the module it installs.</param>
/// <param name="Reserved">The cycles reserved from the role's budget.</param>
/// <param name="CreatedAt">When it was requested.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="History">Its transitions, oldest first (only filled by a single-attempt query).</param>
public sealed record AttemptView(
    long Id, string Role, string State, string? Reason, string? Parent, string? Pid, string? Source,
    string? ModuleHash, string Reserved, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<AttemptTransitionView> History)
{
    /// <summary>True when the attempt will not move again on its own (Committed, Failed or Blocked).</summary>
    public bool IsFinished => State is "Committed" or "Failed" or "Blocked";
}

/// <summary>One transition of an attempt.</summary>
/// <param name="From">The state left (empty for the first).</param>
/// <param name="To">The state entered.</param>
/// <param name="Reason">The reason recorded with it, if any.</param>
/// <param name="At">When it was committed.</param>
public sealed record AttemptTransitionView(string From, string To, string? Reason, DateTimeOffset At);
