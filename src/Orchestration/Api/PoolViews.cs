namespace Canic.Fsm.Orchestration.Api;

/// <summary>One pool entry, as the operator sees it.</summary>
/// <param name="Pid">The canister's textual principal.</param>
/// <param name="Status">The persisted status: PendingReset, Ready, Failed, Claimed, Workload or Recycling.</param>
/// <param name="Reason">Why it failed (Failed only).</param>
/// <param name="Operation">The provisioning attempt holding it (Claimed, Workload).</param>
/// <param name="Cycles">The cycles last read from <c>canister_status</c> (e.g. <c>"5T"</c>).</param>
/// <param name="Role">The role it last served, if any.</param>
/// <param name="Parent">Its parent's textual principal, if any.</param>
/// <param name="ModuleHash">The lower-case hex SHA-256 of its last module, if any.</param>
/// <param name="CreatedAt">When it entered the pool (the reset worker's order).</param>
/// <param name="UpdatedAt">When its row last changed.</param>
/// <param name="Machine">The state of its pool canister machine, which mirrors the row (e.g. <c>Resetting</c> while the
/// reset calls are in flight, <c>Claimed(42)</c>); null when no machine runs (the orchestrator is stopping).</param>
public sealed record PoolEntryView(
    string Pid, string Status, string? Reason, long? Operation, string Cycles, string? Role, string? Parent,
    string? ModuleHash, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Machine = null);

/// <summary>Counts of the pool per state, and the refill bounds.</summary>
/// <param name="Counts">Entries per status name (every status present, zero included).</param>
/// <param name="Total">All entries.</param>
/// <param name="Ready">Ready entries.</param>
/// <param name="MinimumSize">The configured <c>minimum_size</c>.</param>
/// <param name="MaximumSize">The configured <c>maximum_size</c>.</param>
/// <param name="PendingCreations">Creation records whose outcome is not settled yet (they count against <c>maximum_size</c>).</param>
/// <param name="BlockedCreations">Creation records blocked for the operator.</param>
public sealed record PoolSummaryView(
    IReadOnlyDictionary<string, long> Counts, long Total, long Ready, int MinimumSize, int MaximumSize,
    long PendingCreations, long BlockedCreations);

/// <summary>A persisted creation record (pool refill or a provisioning attempt's new canister).</summary>
/// <param name="Id">The record's id.</param>
/// <param name="State">Intent, Created or Blocked.</param>
/// <param name="Path">How the canister is created: <c>ledger</c> or <c>provisional</c>.</param>
/// <param name="Amount">The cycles asked for.</param>
/// <param name="CreatedAtTime">The ledger's <c>created_at_time</c> (nanoseconds) sent with every resend.</param>
/// <param name="Pid">The canister created, once known.</param>
/// <param name="Attempt">The provisioning attempt it serves, if any.</param>
/// <param name="Reason">Why it is blocked or waiting, if it is.</param>
/// <param name="CreatedAt">When the intent was written.</param>
public sealed record CreationView(
    long Id, string State, string Path, string Amount, ulong CreatedAtTime, string? Pid, long? Attempt,
    string? Reason, DateTimeOffset CreatedAt);
