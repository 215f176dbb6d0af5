namespace Canic.Fsm.Worker.Api;

/// <summary>Body of <c>POST /api/pool/import</c>.</summary>
/// <param name="Pids">The canisters' textual principals.</param>
/// <param name="Immediate">True to import and reset one canister now (ImportImmediate) instead of queueing (ImportQueued).</param>
public sealed record ImportRequest(IReadOnlyList<string>? Pids, bool Immediate = false);

/// <summary>Body of <c>POST /api/pool/requeue-failed</c>.</summary>
/// <param name="Pids">The canisters to requeue, or null/absent for every Failed entry.</param>
public sealed record RequeueFailedRequest(IReadOnlyList<string>? Pids);

/// <summary>Body of <c>POST /api/pool/recycle</c>.</summary>
/// <param name="Pid">The registered canister to return to the pool.</param>
public sealed record RecycleRequest(string? Pid);

/// <summary>Body of <c>POST /api/provision</c>.</summary>
/// <param name="Role">The configured role to provision.</param>
/// <param name="Parent">The parent's textual principal (added to the controllers), if any.</param>
/// <param name="Count">How many canisters to provision (1 to <see cref="MaxCount"/>).</param>
public sealed record ProvisionRequest(string? Role, string? Parent = null, int Count = 1)
{
    /// <summary>The most attempts one request may start.</summary>
    public const int MaxCount = 100;
}
