using Canic.Fsm.Orchestration.Domain;

namespace Canic.Fsm.Orchestration.Pool;

/// <summary>
/// A creation asked for by an admin command did not complete during the command; the facade shows the record as the
/// public <see cref="Api.CreationNotCompletedException"/> (the pool knows records, not the facade's views).
/// </summary>
internal sealed class CreationIncompleteException(CreationRecord record, string message) : Exception(message)
{
    /// <summary>The creation record as it stands.</summary>
    public CreationRecord Record { get; } = record;
}
