namespace Canic.Fsm.Orchestration.Api;

/// <summary>
/// A canister creation asked for by an admin command did not complete during the command. The creation record says
/// where it stands: still <c>Intent</c> (a transient refusal or an unknown outcome; the pool check carries it on),
/// or <c>Blocked</c> / <c>Failed</c> (it needs an operator, or was refused).
/// </summary>
/// <param name="creation">The creation record as it stands.</param>
/// <param name="message">What happened, naming the record.</param>
public sealed class CreationNotCompletedException(CreationView creation, string message) : Exception(message)
{
    /// <summary>The creation record as it stands.</summary>
    public CreationView Creation { get; } = creation;

    /// <summary>True while the record is still being carried on (Intent, or Created and being reset): nothing for the operator to do.</summary>
    public bool Pending => Creation.State is "Intent" or "Created";
}
