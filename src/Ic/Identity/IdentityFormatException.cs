namespace Canic.Fsm.Ic.Identity;

/// <summary>A PEM or key that cannot be loaded as an identity: wrong kind, encrypted, truncated, wrong curve.</summary>
public sealed class IdentityFormatException : FormatException
{
    /// <summary>Creates the error with a message saying what is wrong and what to do.</summary>
    public IdentityFormatException(string message, Exception? innerException = null) : base(message, innerException) { }
}
